using Kappa.Hypercore;

namespace Kappa.Reliability.Tests.Storage;

/// <summary>What a power-loss run saw, printed as its figures.</summary>
internal sealed class PowerLossTally
{
    public int Seeds;
    public int Repairs;
    public long BlocksDropped;
    public int TypedDamage;
    public long Acknowledged;
    public long AcknowledgedKept;
    public long AcknowledgedLost;

    public void Lost(int acknowledged, long length, FeedDurability durability)
    {
        Acknowledged += acknowledged;
        AcknowledgedKept += Math.Min(acknowledged, length);
        if (durability == FeedDurability.Fsync) AcknowledgedLost += Math.Max(0, acknowledged - length);
    }

    public override string ToString() =>
        $"{Repairs} repairs reported, {BlocksDropped} blocks dropped, {TypedDamage} feeds with typed damage left for a full check, " +
        $"{AcknowledgedKept} of {Acknowledged} acknowledged entries kept, {AcknowledgedLost} lost where fsync promised them";
}

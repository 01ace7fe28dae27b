namespace Kappa.Cli.Tests.Chaos;

/// <summary>What the chaos did, for every assertion message and the run's report (the seed first, to replay it).</summary>
internal sealed class ChaosTally(int seed)
{
    public int Joins { get; set; }

    public int Kills { get; set; }

    public int Leaves { get; set; }

    public int Cuts { get; set; }

    public int Slowdowns { get; set; }

    public int Entries { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"seed {seed} (KAPPA_SEED={seed}): {Joins} joins, {Kills} kill -9, {Leaves} leaves, {Cuts} link cuts, {Slowdowns} slowdowns, {Entries} acknowledged entries";
}

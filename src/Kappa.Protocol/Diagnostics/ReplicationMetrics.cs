using System.Diagnostics.Metrics;

namespace Kappa.Protocol.Diagnostics;

/// <summary>
/// The <c>Kappa.Protocol</c> meter: blocks and bytes replicated in (received, verified and stored)
/// and out (uploaded to peers), summed over every session of the process.
/// </summary>
public static class ReplicationMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Kappa.Protocol";

    private static readonly Meter Meter = new(MeterName, typeof(ReplicationMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> BlocksReceived = Meter.CreateCounter<long>(
        "kappa.replication.received.blocks", "{block}", "Blocks received from peers, verified and stored.");

    private static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>(
        "kappa.replication.received.bytes", "By", "Bytes of the blocks received from peers.");

    private static readonly Counter<long> BlocksSent = Meter.CreateCounter<long>(
        "kappa.replication.sent.blocks", "{block}", "Blocks uploaded to peers.");

    private static readonly Counter<long> BytesSent = Meter.CreateCounter<long>(
        "kappa.replication.sent.bytes", "By", "Bytes of the blocks uploaded to peers.");

    internal static void Received(int bytes)
    {
        BlocksReceived.Add(1);
        BytesReceived.Add(bytes);
    }

    internal static void Sent(int bytes)
    {
        BlocksSent.Add(1);
        BytesSent.Add(bytes);
    }
}

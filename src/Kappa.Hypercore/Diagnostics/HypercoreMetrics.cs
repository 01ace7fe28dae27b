using System.Diagnostics.Metrics;

namespace Kappa.Hypercore.Diagnostics;

/// <summary>
/// The <c>Kappa.Hypercore</c> meter (System.Diagnostics.Metrics, read by OpenTelemetry's
/// <c>AddMeter("Kappa.*")</c> and <c>dotnet-counters monitor --counters Kappa.Hypercore</c>):
/// what every feed of the process appended and how many blocks failed verification.
/// Instruments are process-wide; a measurement costs nothing when no listener is attached.
/// </summary>
public static class HypercoreMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Kappa.Hypercore";

    private static readonly Meter Meter = new(MeterName, typeof(HypercoreMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> AppendedBlocks = Meter.CreateCounter<long>(
        "kappa.feed.appended.blocks", "{block}", "Blocks appended by local writers.");

    private static readonly Counter<long> AppendedBytes = Meter.CreateCounter<long>(
        "kappa.feed.appended.bytes", "By", "Bytes of the blocks appended by local writers.");

    private static readonly Counter<long> VerificationFailures = Meter.CreateCounter<long>(
        "kappa.feed.verification.failures", "{failure}",
        "Blocks rejected because they do not match their writer's tree or signature (kappa.source: peer = received and refused, local = found by VerifyAsync).");

    internal static void Appended(int blocks, int bytes)
    {
        AppendedBlocks.Add(blocks);
        AppendedBytes.Add(bytes);
    }

    internal static void PeerBlockRejected() =>
        VerificationFailures.Add(1, new KeyValuePair<string, object?>("kappa.source", "peer"));

    internal static void LocalProblemsFound(int problems)
    {
        if (problems > 0) VerificationFailures.Add(problems, new KeyValuePair<string, object?>("kappa.source", "local"));
    }
}

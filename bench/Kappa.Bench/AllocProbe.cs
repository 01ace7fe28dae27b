using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Kappa.Bench;

/// <summary>
/// Bytes allocated by type while <see cref="On"/>, sampled from the runtime's GC AllocationTick
/// events (one per ~100 KB allocated): where a workload's allocations per block come from,
/// without a trace tool. Set KAPPA_BENCH_ALLOCATIONS=1 to have the replicate workload print it.
/// </summary>
internal sealed class AllocProbe : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    /// <summary>Counts only while true.</summary>
    public volatile bool On;

    /// <summary>A probe when KAPPA_BENCH_ALLOCATIONS is set, else null.</summary>
    public static AllocProbe? FromEnvironment() => Environment.GetEnvironmentVariable("KAPPA_BENCH_ALLOCATIONS") is null ? null : new AllocProbe();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!On || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null || e.PayloadNames is null) return;
        var name = e.Payload[e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(name, amount, (_, v) => v + amount);
    }

    /// <summary>The top types by sampled bytes, per block, to stderr.</summary>
    public void Print(long blocks)
    {
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(15))
            Console.Error.WriteLine($"  {bytes / (double)Math.Max(1, blocks),8:0.0} B/block  {type}");
    }
}

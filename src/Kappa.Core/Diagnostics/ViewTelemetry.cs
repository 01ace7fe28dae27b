using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Kappa.Core.Indexing;

namespace Kappa.Core.Diagnostics;

/// <summary>
/// The <c>Kappa.Core</c> meter and activity source, per view (tag <c>kappa.view</c>): its lag
/// (entries stored but not yet indexed), its batch time, the entries it indexed, and one
/// <c>kappa.view.batch</c> span per batch.
/// </summary>
public static class ViewTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Kappa.Core";

    private static readonly string? Version = typeof(ViewTelemetry).Assembly.GetName().Version?.ToString();
    private static readonly Meter Meter = new(Name, Version);
    private static readonly ActivitySource Source = new(Name, Version);
    private static readonly ConcurrentDictionary<ViewIndexer, byte> Running = new();

    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "kappa.view.batch.duration", "s", "Time to map one batch and commit it with the view's progress.");

    private static readonly Counter<long> Indexed = Meter.CreateCounter<long>(
        "kappa.view.indexed", "{entry}", "Entries indexed by the view.");

    // Observed only when a listener collects: lag is computed from the indexer's status then.
    private static readonly ObservableGauge<long> Lag = Meter.CreateObservableGauge(
        "kappa.view.lag", ObserveLag, "{entry}", "Entries stored in the core but not yet indexed by the view.");

    internal static void Started(ViewIndexer indexer) => Running[indexer] = 0;

    internal static void Stopped(ViewIndexer indexer) => Running.TryRemove(indexer, out _);

    /// <summary>Starts timing one batch (and its span, when someone listens); complete or dispose it.</summary>
    internal static ViewBatchScope StartBatch(string view, int entries)
    {
        var activity = Source.StartActivity("kappa.view.batch");
        activity?.SetTag("kappa.view", view);
        activity?.SetTag("kappa.entries", entries);
        return new ViewBatchScope(view, entries, activity, Stopwatch.GetTimestamp());
    }

    internal static void BatchDone(string view, int entries, long started)
    {
        var tag = new KeyValuePair<string, object?>("kappa.view", view);
        BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        Indexed.Add(entries, tag);
    }

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var indexer in Running.Keys)
        {
            var status = indexer.Status;
            yield return new Measurement<long>(Math.Max(0, status.TotalEntries - status.IndexedEntries),
                new KeyValuePair<string, object?>("kappa.view", status.Name));
        }
    }
}

/// <summary>One batch being indexed: <see cref="Complete"/> records it; disposing without it marks the span failed.</summary>
internal readonly struct ViewBatchScope(string view, int entries, Activity? activity, long started) : IDisposable
{
    public void Complete()
    {
        ViewTelemetry.BatchDone(view, entries, started);
        activity?.Dispose();
    }

    public void Dispose()
    {
        if (activity is null || activity.IsStopped) return;
        activity.SetStatus(ActivityStatusCode.Error, "the batch was not indexed");
        activity.Dispose();
    }
}

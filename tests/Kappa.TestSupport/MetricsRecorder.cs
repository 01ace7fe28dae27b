using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Kappa.TestSupport;

/// <summary>
/// Records every measurement of the named meters (a real <see cref="MeterListener"/>, as
/// OpenTelemetry and dotnet-counters attach). Instruments are process-wide: tests that assert
/// exact sums run in a collection with parallelization disabled.
/// </summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _recorded = new();

    /// <summary>Starts listening to the meters named <paramref name="meters"/>.</summary>
    public MetricsRecorder(params string[] meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meters.Contains(instrument.Meter.Name)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _recorded.Enqueue(new(i.Name, v, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _recorded.Enqueue(new(i.Name, v, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>Collects the observable instruments (gauges) now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>Every value recorded by <paramref name="instrument"/>, optionally only those with the tag <paramref name="key"/> = <paramref name="value"/>.</summary>
    public IReadOnlyList<double> Values(string instrument, string? key = null, object? value = null) =>
        [.. _recorded.Where(r => r.Instrument == instrument && (key is null || r.Tags.Any(t => t.Key == key && Equals(t.Value, value)))).Select(r => r.Value)];

    /// <summary>The sum of <see cref="Values"/>.</summary>
    public double Sum(string instrument, string? key = null, object? value = null) => Values(instrument, key, value).Sum();

    /// <summary>Forgets what was recorded so far.</summary>
    public void Clear() => _recorded.Clear();

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private sealed record Recorded(string Instrument, double Value, KeyValuePair<string, object?>[] Tags);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Kappa.Core.Diagnostics;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore.Diagnostics;
using Kappa.Multifeed.Diagnostics;
using Kappa.Protocol.Diagnostics;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Diagnostics;

/// <summary>Runs alone: the instruments are process-wide and other tests replicate and index too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "core telemetry";
}

[Collection(RunsAlone.Name)]
public sealed class TelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _tracing;
    private readonly MetricsRecorder _metrics = new(HypercoreMetrics.MeterName, ReplicationMetrics.MeterName, MultifeedTelemetry.Name, ViewTelemetry.Name);
    private readonly TempDirectory _dir = new("telemetry");

    public TelemetryTests()
    {
        _tracing = new ActivityListener
        {
            ShouldListenTo = s => s.Name is MultifeedTelemetry.Name or ViewTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_tracing);
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Replicating_two_cores_counts_blocks_both_ways_and_traces_each_session()
    {
        await using var alice = await KappaCore.OpenAsync(_dir.Combine("alice"));
        await using var bob = await KappaCore.OpenAsync(_dir.Combine("bob"));
        await (await alice.WriterAsync("me")).AppendBatchAsync(new[] { 1, 2, 3 });   // 3 × 2 bytes
        await (await bob.WriterAsync("me")).AppendBatchAsync(new[] { 10, 20 });      // 2 × 3 bytes

        var (client, server) = await Loopback.ConnectedPairAsync();
        using (client)
        using (server)
            await Task.WhenAll(alice.ReplicateAsync(client, isInitiator: true), bob.ReplicateAsync(server, isInitiator: false));

        Assert.Equal(5, _metrics.Sum("kappa.feed.appended.blocks"));
        Assert.Equal(12, _metrics.Sum("kappa.feed.appended.bytes"));
        Assert.Equal(5, _metrics.Sum("kappa.replication.received.blocks"));
        Assert.Equal(12, _metrics.Sum("kappa.replication.received.bytes"));
        Assert.Equal(5, _metrics.Sum("kappa.replication.sent.blocks"));
        Assert.Equal(12, _metrics.Sum("kappa.replication.sent.bytes"));
        Assert.Equal([-1, -1, 1, 1], _metrics.Values("kappa.replication.sessions.active").Order());
        Assert.Equal(2, _metrics.Sum("kappa.replication.sessions.ended", "kappa.outcome", "completed"));

        var sessions = _spans.Where(a => a.OperationName == "kappa.replicate").ToList();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        Assert.Equal([2L, 3L], sessions.Select(s => (long)s.GetTagItem("kappa.received.blocks")!).Order());
        Assert.Single(sessions, s => (bool)s.GetTagItem("kappa.initiator")!);
    }

    [Fact]
    public async Task A_view_reports_its_lag_while_paused_then_its_batches_and_spans_once_it_catches_up()
    {
        var view = "sum-" + Guid.NewGuid().ToString("N")[..8];
        var tag = ("kappa.view", (object)view);
        await using var core = await KappaCore.OpenAsync(_dir.Combine("core"));
        var sum = core.Use(view, 1, new SumView(new MemoryViewStore()));
        await core.ReadyAsync(view);
        await core.PauseAsync([view]);
        await (await core.WriterAsync("me")).AppendBatchAsync(new[] { 1, 2, 3 });

        _metrics.Observe();
        Assert.Equal(3, _metrics.Values("kappa.view.lag", tag.Item1, tag.Item2)[^1]);

        core.Resume([view]);
        Assert.Equal(6, await sum.GetAsync());
        _metrics.Observe();
        Assert.Equal(0, _metrics.Values("kappa.view.lag", tag.Item1, tag.Item2)[^1]);
        Assert.Equal(3, _metrics.Sum("kappa.view.indexed", tag.Item1, tag.Item2));
        var durations = _metrics.Values("kappa.view.batch.duration", tag.Item1, tag.Item2);
        Assert.NotEmpty(durations);
        Assert.All(durations, d => Assert.True(d >= 0));

        var batches = _spans.Where(a => a.OperationName == "kappa.view.batch" && (string?)a.GetTagItem("kappa.view") == view).ToList();
        Assert.Equal(durations.Count, batches.Count);
        Assert.Equal(3, batches.Sum(b => (int)b.GetTagItem("kappa.entries")!));
        Assert.All(batches, b => Assert.Equal(ActivityStatusCode.Unset, b.Status));
    }

    [Fact]
    public async Task A_batch_whose_map_throws_ends_its_span_as_an_error_and_records_no_batch_time()
    {
        var view = "throws-" + Guid.NewGuid().ToString("N")[..8];
        await using var core = await KappaCore.OpenAsync(_dir.Combine("faulty"));
        core.Use(view, 1, new ThrowingView());
        await (await core.WriterAsync("me")).AppendAsync(1);
        await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync(view));

        var batch = Assert.Single(_spans, a => a.OperationName == "kappa.view.batch" && (string?)a.GetTagItem("kappa.view") == view);
        Assert.Equal(ActivityStatusCode.Error, batch.Status);
        Assert.Empty(_metrics.Values("kappa.view.batch.duration", "kappa.view", view));
    }

    private sealed class ThrowingView : IView
    {
        public int MaxBatch => 10;
        public IViewProgress? Progress => null;
        public ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, CancellationToken ct) => throw new InvalidOperationException("map fails on purpose");
        public void OnIndexed(IReadOnlyList<KappaEntry> entries) { }
    }
}

using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

public class KvWatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string F = new('f', 64);

    [Fact]
    public async Task A_key_watch_yields_the_current_heads_then_only_real_changes()
    {
        await using var store = new MemoryViewStore();
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, [[new KvRow("k", F + "@1")]]);
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = view.WatchAsync("k", cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([F + "@1"], watch.Current.Heads);
        await KvTestRows.IndexAsync(view, [[new KvRow("k", F + "@1")]]);          // a replay: nothing changed
        await KvTestRows.IndexAsync(view, [[new KvRow("other", F + "@9")]]);      // another key
        await KvTestRows.IndexAsync(view, [[new KvRow("k", F + "@2", [F + "@1"])]]);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([F + "@2"], watch.Current.Heads);                               // the next event is the real change
        await KvTestRows.IndexAsync(view, [[new KvRow("k", F + "@3"), new KvRow("k", F + "@4", [F + "@3"])]]);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([F + "@2", F + "@4"], watch.Current.Heads);                     // one event per batch, its final heads
    }

    [Fact]
    public async Task Watching_every_key_reports_every_key_a_row_touches()
    {
        await using var store = new MemoryViewStore();
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, [[new KvRow("a", F + "@1")]]);
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = view.WatchAllAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("a", watch.Current.Key);
        Assert.Equal([F + "@1"], watch.Current.Heads);

        // One row in "b" links the head of "a": both keys change (kappa-view-kv reported only the first key).
        await KvTestRows.IndexAsync(view, [[new KvRow("b", F + "@2", [F + "@1"])]]);
        var seen = new Dictionary<string, IReadOnlyList<string>>();
        for (var i = 0; i < 2 && await watch.MoveNextAsync(); i++) seen[watch.Current.Key] = watch.Current.Heads;
        Assert.Empty(seen["a"]);
        Assert.Equal([F + "@2"], seen["b"]);
    }

    [Fact]
    public async Task A_watch_on_a_core_sees_appends_as_they_are_indexed()
    {
        await using var t = await KvCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = t.Kv.WatchAsync("doc", cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Empty(watch.Current.Heads);
        await a.AppendAsync(new { key = "doc" });
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([$"{a.Key}@0"], watch.Current.Heads);
    }
}

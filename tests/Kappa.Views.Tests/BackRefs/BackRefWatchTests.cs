using Kappa.Core.Stores;
using Kappa.Views.BackRefs;

namespace Kappa.Views.Tests.BackRefs;

public class BackRefWatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string F = new('f', 64);

    [Fact]
    public async Task A_watch_yields_the_current_referrers_then_only_real_changes()
    {
        await using var store = new MemoryViewStore();
        var view = new BackRefsView(store, BackRefTestRows.Explicit);
        await BackRefTestRows.IndexAsync(view, [[new BackRefRow(F + "@1", ["X"])]]);
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = view.WatchAsync("X", cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([F + "@1"], watch.Current.Referrers);
        await BackRefTestRows.IndexAsync(view, [[new BackRefRow(F + "@1", ["X"])]]);   // a replay: nothing changed
        await BackRefTestRows.IndexAsync(view, [[new BackRefRow(F + "@9", ["Y"])]]);   // another id
        await BackRefTestRows.IndexAsync(view, [[new BackRefRow(F + "@2", ["X"], [F + "@1"])]]);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([F + "@2"], watch.Current.Referrers);                                  // the next event is the real change
        await BackRefTestRows.IndexAsync(view, [[new BackRefRow(F + "@3", []), new BackRefRow(F + "@4", ["Y"], [F + "@2"])]]);
        Assert.True(await watch.MoveNextAsync());
        Assert.Empty(watch.Current.Referrers);                                               // dropped by a link from a row about Y
        Assert.Equal("X", watch.Current.Id);
    }

    [Fact]
    public async Task A_watch_on_a_core_sees_appends_as_they_are_indexed()
    {
        await using var t = await BackRefCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = t.Refs.WatchAsync("node", cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Empty(watch.Current.Referrers);
        await a.AppendAsync(new { refs = new[] { "node" } });
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal([$"{a.Key}@0"], watch.Current.Referrers);
        await a.AppendAsync(new { refs = Array.Empty<string>(), links = new[] { $"{a.Key}@0" } });
        Assert.True(await watch.MoveNextAsync());
        Assert.Empty(watch.Current.Referrers);
    }
}

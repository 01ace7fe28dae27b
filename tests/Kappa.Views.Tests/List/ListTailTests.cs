using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Kappa.Views.List;

namespace Kappa.Views.Tests.List;

public class ListTailTests
{
    private static readonly TimeSpan Timeout = ListFixture.Timeout;

    [Fact]
    public async Task A_tail_gives_the_newest_page_then_synced_then_each_new_entry_once()
    {
        await using var f = await ListFixture.OpenAsync();
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(Enumerable.Range(0, 10).Select(t => new { ch = "c", t }));
        using var cts = new CancellationTokenSource(Timeout);
        await using var tail = f.List.TailAsync(new ListQuery { Partition = "c", Reverse = true, Limit = 3 }, cts.Token).GetAsyncEnumerator(cts.Token);

        var history = await TakeAsync(tail, 4);
        Assert.Equal([9.0, 8, 7], history.Take(3).Select(c => c.Entry!.Sort.Number));
        Assert.All(history.Take(3), c => Assert.Equal(ListChangeKind.History, c.Kind));
        Assert.Equal(ListChangeKind.Synced, history[3].Kind);

        await w.AppendAsync(new { ch = "other", t = 100 }); // another partition: not for this tail
        await w.AppendBatchAsync(new[] { new { ch = "c", t = 12 }, new { ch = "c", t = 11 } });
        var added = await TakeAsync(tail, 2);
        Assert.All(added, c => Assert.Equal(ListChangeKind.Added, c.Kind));
        Assert.Equal([11.0, 12], added.Select(c => c.Entry!.Sort.Number)); // one batch, in list order
    }

    [Fact]
    public async Task A_tail_receives_late_replicated_entries_in_their_place()
    {
        using var dir = new TempDirectory("list-tail");
        await using var here = await KappaCore.OpenAsync(dir.Combine("here"));
        await using var there = await KappaCore.OpenAsync(dir.Combine("there"));
        var list = here.Use("messages", 1, ListView.ByPath(new MemoryViewStore(), "timestamp", "content.channel"));
        var mine = await here.WriterAsync("local");
        await mine.AppendBatchAsync(new[] { 1000, 2000, 3000 }.Select(Message));
        // The other peer wrote while offline: one message older than all of ours, one in between, one newer.
        var theirs = await there.WriterAsync("local");
        await theirs.AppendBatchAsync(new[] { 500, 2000, 4000 }.Select(Message));

        using var cts = new CancellationTokenSource(Timeout);
        var query = new ListQuery { Partition = "default", Reverse = true, Limit = 50 };
        await using var tail = list.TailAsync(query, cts.Token).GetAsyncEnumerator(cts.Token);
        var shown = (await TakeAsync(tail, 4)).Where(c => c.Kind == ListChangeKind.History).Select(c => c.Entry!).ToList();
        Assert.Equal(3, shown.Count);

        var (a, b) = await Loopback.ConnectedPairAsync();
        using (a)
        using (b)
            await Task.WhenAll(here.ReplicateAsync(a, isInitiator: true), there.ReplicateAsync(b, isInitiator: false)).WaitAsync(Timeout);

        foreach (var change in await TakeAsync(tail, 3))
        {
            Assert.Equal(ListChangeKind.Added, change.Kind);
            // What a chat client does: insert each new message where it belongs (here: newest first).
            var at = shown.FindIndex(e => e.Position < change.Entry!.Position);
            shown.Insert(at < 0 ? shown.Count : at, change.Entry!);
        }
        var fresh = await list.PageAsync(query);
        Assert.Equal(fresh.Select(e => e.Position), shown.Select(e => e.Position));
        Assert.Equal([4000.0, 3000, 2000, 2000, 1000, 500], shown.Select(e => e.Sort.Number));
    }

    [Fact]
    public async Task Tails_started_while_indexing_see_every_entry_exactly_once()
    {
        await using var f = await ListFixture.OpenAsync();
        var w = await f.WriterAsync("w");
        using var cts = new CancellationTokenSource(Timeout);
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 2000; i += 20) await w.AppendBatchAsync(Enumerable.Range(i, 20).Select(t => new { ch = "c", t }));
        });
        var tails = new List<Task<List<double>>>();
        for (var i = 0; i < 8; i++)
        {
            tails.Add(CollectAsync(f.List, cts.Token));
            await Task.Delay(5);
        }
        await writing;
        foreach (var t in tails)
        {
            var seen = await t;
            Assert.Equal(Enumerable.Range(0, 2000).Select(n => (double)n), seen.Order());
        }
    }

    private static async Task<List<double>> CollectAsync(ListView list, CancellationToken ct)
    {
        var seen = new List<double>();
        await foreach (var change in list.TailAsync(new ListQuery { Partition = "c" }, ct))
        {
            if (change.Entry is { } e) seen.Add(e.Sort.Number);
            if (seen.Count == 2000) break;
        }
        return seen;
    }

    private static object Message(int timestamp) =>
        new { type = "chat/text", timestamp, content = new { channel = "default", text = $"at {timestamp}" } };

    private static async Task<List<ListChange>> TakeAsync(IAsyncEnumerator<ListChange> tail, int count)
    {
        var taken = new List<ListChange>();
        while (taken.Count < count && await tail.MoveNextAsync().AsTask().WaitAsync(Timeout)) taken.Add(tail.Current);
        return taken;
    }
}

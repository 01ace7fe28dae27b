using System.Diagnostics;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Views.List;

namespace Kappa.Bench.Workloads;

/// <summary>
/// A chat-sized sorted list: N messages <c>{timestamp, content: {channel, text}}</c> over F feeds, in
/// one channel, indexed into a <see cref="ListView"/> on RocksDB (not timed). Then
/// <c>list-page</c>: the newest 50 (reverse, limit 50), seconds = that read's latency (median of 21);
/// <c>list-tail</c>: a live tail of the newest 50, then one message appended at a time, seconds = the
/// median time from the append to the tail receiving it (21 appends). JS: kappa-view-list 1.2.0
/// over level (read with reverse/limit; onInsert for the tail, it has no live read).
/// </summary>
internal static class ListWorkload
{
    private const int Samples = 21;

    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var dir = Path.Combine(o.Dir, "list");
        var perFeed = o.Count / o.Feeds;
        await FeedFill.WriteAsync(dir, o.Feeds, perFeed, j => Message(j));
        await using var core = await KappaCore.OpenAsync(dir);
        await using var db = RocksDbViewStore.Open(core.ViewDirectory("list")!);
        var list = core.Use("list", 1, ListView.ByPath(db, "timestamp", "content.channel"));
        await core.ReadyAsync("list");
        var newest = new ListQuery { Partition = "default", Reverse = true, Limit = 50 };
        var samples = new List<double>();
        string check = "ok";
        if (o.Workload == "list-page")
        {
            for (var s = 0; s < Samples; s++)
            {
                var sw = Stopwatch.StartNew();
                var page = await list.PageAsync(newest);
                samples.Add(sw.Elapsed.TotalSeconds);
                if (page.Count != 50 || page[0].Sort.Number != perFeed - 1) check = $"page of {page.Count}, newest {page[0].Sort}";
            }
        }
        else
        {
            var writer = await core.WriterAsync("w0");
            using var cts = new CancellationTokenSource();
            await using var tail = list.TailAsync(newest, cts.Token).GetAsyncEnumerator(cts.Token);
            while (await tail.MoveNextAsync() && tail.Current.Kind != ListChangeKind.Synced) { }
            for (var s = 0; s < Samples; s++)
            {
                var sw = Stopwatch.StartNew();
                await writer.AppendAsync(Message(perFeed + s));
                if (!await tail.MoveNextAsync() || tail.Current.Entry?.Sort.Number != perFeed + s) check = $"tail gave {tail.Current.Entry?.Sort}";
                samples.Add(sw.Elapsed.TotalSeconds);
            }
            await cts.CancelAsync();
        }
        samples.Sort();
        return new BenchResult(o.Workload, $"{o.Feeds} feeds, median of {Samples}", o.Workload == "list-page" ? 50 : 1, samples[Samples / 2], 0, check);
    }

    /// <summary>Cabal's message shape; timestamps repeat across feeds (ties), so the order needs feed and seq.</summary>
    private static object Message(long i) => new { type = "chat/text", timestamp = i, content = new { channel = "default", text = "message " + i } };
}

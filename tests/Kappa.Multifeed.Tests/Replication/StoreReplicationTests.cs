using System.Text.Json;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Replication;

public class StoreReplicationTests
{
    [Theory]
    [InlineData(1, 3, 2)]
    [InlineData(2, 50, 0)]
    [InlineData(50, 5, 7)]
    public async Task Two_stores_end_with_the_same_feeds_and_entries_over_tcp(int writers, int entriesA, int entriesB)
    {
        using var dir = new TempDirectory("repl");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        for (var w = 0; w < writers; w++)
        {
            var fa = await a.WriterAsync("a" + w);
            await fa.AppendBatchAsync(Enumerable.Range(0, entriesA).Select(i => new { w, i }));
            var fb = await b.WriterAsync("b" + w);
            if (entriesB > 0) await fb.AppendBatchAsync(Enumerable.Range(0, entriesB).Select(i => $"b{w}-{i}"));
        }

        var (client, server) = await Loopback.ConnectedPairAsync();
        using (client)
        using (server)
        {
            var left = a.ReplicateAsync(client, isInitiator: true);
            var right = b.ReplicateAsync(server, isInitiator: false);
            var results = await Task.WhenAll(left, right).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2 * writers, results[0].Feeds.Count);
            Assert.Equal((long)writers * entriesB, results[0].Progress.BlocksReceived);
            Assert.Equal((long)writers * entriesA, results[1].Progress.BlocksReceived);
        }
        Assert.Equal(await Dump(a), await Dump(b));
        Assert.Equal(2 * writers, b.Feeds.Count);
        foreach (var feed in b.Feeds) Assert.True((await feed.VerifyAsync()).IsValid);
    }

    internal static async Task<List<string>> Dump(FeedStore store)
    {
        var lines = new List<string>();
        foreach (var feed in store.Feeds.OrderBy(f => f.Key))
            await foreach (var e in feed.ReadAsync<JsonElement>())
                lines.Add($"{feed.Key} {e.Seq} {e.Value.GetRawText()}");
        return lines;
    }
}

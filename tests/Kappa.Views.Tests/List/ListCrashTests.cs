using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Kappa.Views.List;
using Kappa.Views.Query;
using Xunit.Abstractions;

namespace Kappa.Views.Tests.List;

public class ListCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Killing_the_list_and_query_indexer_many_times_leaves_views_equal_to_a_fresh_rebuild()
    {
        const int seed = 31337;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory("kill-list");
        await CrashHostIndexer.KillRoundsAsync("views-list", dir.Path, rounds: 6, seed, random, async () =>
        {
            // New work every round (ties, several channels, several writers), so a batch is in flight to kill.
            await using (var store = await FeedStore.OpenAsync(dir.Path))
                for (var w = 0; w < 3; w++)
                    await (await store.WriterAsync("w" + w)).AppendBatchAsync(Enumerable.Range(0, 3000).Select(_ => new { ch = "c" + random.Next(3), t = random.Next(500) }));
        }, output.WriteLine);

        await using var core = await KappaCore.OpenAsync(dir.Path);
        await using var freshList = new MemoryViewStore();
        await using var freshQuery = new MemoryViewStore();
        core.Use("list", 1, ListView.ByPath(freshList, "t", "ch"));
        core.Use("query", 1, new QueryView(freshQuery, [new QueryIndex("cht", "ch", "t"), new QueryIndex("t", "t")]));
        await core.ReadyAsync("list", "query").WaitAsync(Timeout);
        await core.DisposeAsync();
        foreach (var (name, fresh) in new[] { ("list", freshList), ("query", freshQuery) })
        {
            await using var kept = RocksDbViewStore.Open(Path.Combine(dir.Path, ".kappa", "views", name));
            await ViewRows.AssertSameAsync(name, kept, fresh, 9000, seed);
        }
    }
}

using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Kappa.Views.BackRefs;
using Kappa.Views.KeyValue;
using Xunit.Abstractions;

namespace Kappa.Views.Tests.KeyValue;

public class KvCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Killing_the_kv_and_backrefs_indexer_many_times_leaves_views_equal_to_a_fresh_rebuild()
    {
        const int seed = 4242;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory("kill-kv");
        var ids = new Dictionary<string, List<string>>(); // key → every version id appended so far
        await CrashHostIndexer.KillRoundsAsync("views-kv", dir.Path, rounds: 6, seed, random, async () =>
        {
            // New work every round — versions of 200 keys from 3 writers, with forks, merges, links
            // across writers that arrive out of order, and references — so a batch is in flight to kill.
            await using (var store = await FeedStore.OpenAsync(dir.Path))
                for (var w = 0; w < 3; w++)
                {
                    var feed = await store.WriterAsync("w" + w);
                    var rows = new List<object>();
                    for (var i = 0; i < 2000; i++)
                    {
                        var key = "k" + random.Next(200);
                        var known = ids.TryGetValue(key, out var list) ? list : ids[key] = [];
                        var links = known.Count == 0 || random.Next(10) == 0 ? [] : known.Skip(Math.Max(0, known.Count - 3)).Where(_ => random.Next(2) == 0).ToArray();
                        var refs = Enumerable.Range(0, random.Next(4)).Select(_ => "n" + random.Next(300)).ToArray();
                        rows.Add(new { key, refs, links });
                        known.Add($"{feed.Key}@{feed.Length + i}");
                    }
                    await feed.AppendBatchAsync(rows);
                }
        }, output.WriteLine);

        await using var core = await KappaCore.OpenAsync(dir.Path);
        await using var freshKv = new MemoryViewStore();
        await using var freshRefs = new MemoryViewStore();
        core.Use("kv", 1, new KvView(freshKv));
        core.Use("backrefs", 1, new BackRefsView(freshRefs));
        await core.ReadyAsync("kv", "backrefs").WaitAsync(Timeout);
        await core.DisposeAsync();
        // kv: one h per key (200 keys). Rows under their own entry id write no e record, and once every
        // entry is indexed no l record is left (KvView.Entries.cs): a kill between a link and its
        // target's batch leaves one that the resumed view must delete, as the fresh one never wrote it.
        foreach (var (name, fresh, minimum) in new[] { ("kv", freshKv, 190), ("backrefs", freshRefs, 10_000) })
        {
            await using var kept = RocksDbViewStore.Open(Path.Combine(dir.Path, ".kappa", "views", name));
            await ViewRows.AssertSameAsync(name, kept, fresh, minimum, seed);
        }
    }
}

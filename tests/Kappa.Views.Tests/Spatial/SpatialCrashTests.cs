using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Kappa.Views.Spatial;
using Xunit.Abstractions;

namespace Kappa.Views.Tests.Spatial;

public class SpatialCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Killing_the_spatial_indexer_many_times_leaves_the_view_equal_to_a_fresh_rebuild()
    {
        const int seed = 4242;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory("kill-spatial");
        var ids = new List<string>();
        var killedRounds = 0;
        var lastCommitted = 0;
        var window = TimeSpan.FromMilliseconds(300); // kill 25–100 % of this after "started"; doubled after a kill that landed before any commit
        const int rounds = 8;
        for (var round = 0; round < rounds; round++)
        {
            // New work every round — moves, forks, tombstones, links across writers and to entries
            // not yet written, malformed points — so a batch is in flight to kill.
            await using (var store = await FeedStore.OpenAsync(dir.Path))
                for (var w = 0; w < 3; w++)
                {
                    var feed = await store.WriterAsync("w" + w);
                    var rows = Enumerable.Range(0, 2000).Select(i => Row(random, ids, $"{feed.Key}@{feed.Length + i + 50}")).ToList();
                    var first = feed.Length;
                    await feed.AppendBatchAsync(rows);
                    ids.AddRange(Enumerable.Range(0, rows.Count).Select(i => $"{feed.Key}@{first + i}"));
                }
            var outcome = await CrashHostIndexer.RunAsync("views-spatial", dir.Path, window * (0.25 + 0.75 * random.NextDouble()));
            // What the killed run committed: growing between rounds shows the kills land mid-index.
            int committed;
            await using (var partial = RocksDbViewStore.Open(Path.Combine(dir.Path, ".kappa", "views", "spatial")))
                committed = (await ViewRows.DataAsync(partial)).Count;
            if (outcome.Killed && committed > lastCommitted) killedRounds++;
            else if (outcome.Killed) window *= 2; // a loaded machine: the kill came before the first batch
            else window = outcome.Indexing; // it finished: kill within its indexing time
            output.WriteLine($"round {round}: {(outcome.Killed ? "killed" : "finished")}, {committed} view rows committed");
            lastCommitted = committed;
        }
        Assert.True(killedRounds >= rounds / 2, $"only {killedRounds} of {rounds} rounds were killed after committing some batches (seed {seed})");
        Assert.False((await CrashHostIndexer.RunAsync("views-spatial", dir.Path, Timeout)).Killed, $"the last run did not finish (seed {seed})");

        await using var core = await KappaCore.OpenAsync(dir.Path);
        await using var fresh = new MemoryViewStore();
        core.Use("spatial", 1, new SpatialView(fresh));
        await core.ReadyAsync("spatial").WaitAsync(Timeout);
        await core.DisposeAsync();
        await using var kept = RocksDbViewStore.Open(Path.Combine(dir.Path, ".kappa", "views", "spatial"));
        await ViewRows.AssertSameAsync("spatial", kept, fresh, 5000, seed);
    }

    private static object Row(Random random, List<string> ids, string future)
    {
        double[] point = [Math.Round((random.NextDouble() - 0.5) * 360, random.Next(2, 8)), Math.Round((random.NextDouble() - 0.5) * 180, random.Next(2, 8))];
        var old = ids.Count == 0 ? null : ids[random.Next(ids.Count)];
        return random.Next(10) switch
        {
            < 4 => new { point },
            < 7 when old is not null => new { point, links = new[] { old } }, // a move (a fork when old was moved already)
            7 when old is not null => new { deleted = true, links = new[] { old } },
            8 => new { point, links = new[] { future } }, // links an entry its writer has not written yet
            _ => (object)new { point = new object[] { point[0], "x" } }, // malformed: skipped
        };
    }
}

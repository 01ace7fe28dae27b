using System.Text;
using Kappa.Core.Indexing;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Core.Tests.Views;

public class PersistentViewTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_restart_resumes_and_maps_no_entry_twice()
    {
        using var dir = new TempDirectory("resume-view");
        await using (var core = await KappaCore.OpenAsync(dir.Path))
        await using (var db = RocksDbViewStore.Open(dir.Combine("view")))
        {
            var view = new CountingView(db);
            core.Use("count", view);
            await (await core.WriterAsync("a")).AppendBatchAsync(Enumerable.Range(0, 250));
            await core.ReadyAsync("count").WaitAsync(Timeout);
            Assert.Equal(250, view.MappedThisProcess);
        }
        await using (var core = await KappaCore.OpenAsync(dir.Path))
        await using (var db = RocksDbViewStore.Open(dir.Combine("view")))
        {
            var view = new CountingView(db);
            core.Use("count", view);
            await (await core.WriterAsync("a")).AppendBatchAsync(Enumerable.Range(250, 50));
            await core.ReadyAsync("count").WaitAsync(Timeout);
            Assert.Equal(50, view.MappedThisProcess);
            var counts = await view.CountsAsync();
            Assert.Equal(300, counts.Count);
            Assert.All(counts.Values, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public async Task A_version_bump_clears_the_view_and_rebuilds_it_from_scratch()
    {
        using var dir = new TempDirectory("version-view");
        await using (var core = await KappaCore.OpenAsync(dir.Path))
        await using (var db = RocksDbViewStore.Open(dir.Combine("view")))
        {
            core.Use("sum", 1, new SumView(db));
            await (await core.WriterAsync("a")).AppendBatchAsync(new[] { 1, 2, 3 });
            Assert.Equal(6, await core.GetApi<SumView>("sum").GetAsync().WaitAsync(Timeout));
        }
        await using (var core = await KappaCore.OpenAsync(dir.Path))
        await using (var db = RocksDbViewStore.Open(dir.Combine("view")))
        {
            var view = new CountingView(db);
            core.Use("sum", 2, view); // same store, new version: kappa-view 3.1 would leave this empty for good
            await core.ReadyAsync("sum").WaitAsync(Timeout);
            Assert.Equal(3, view.MappedThisProcess);
            Assert.Equal(3, (await view.CountsAsync()).Count);
        }
    }

    [Fact]
    public async Task Killing_the_indexer_at_random_moments_never_applies_a_batch_twice()
    {
        const int seed = 1123;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory("kill-index");
        const int perRound = 25_000;
        var appended = 0L;
        var killedRounds = 0;
        var moments = new CrashHostIndexer.KillMoments(random, TimeSpan.FromMilliseconds(300));
        for (var round = 0; round < 8; round++)
        {
            // Every round brings new work, so there is always a batch in flight to kill.
            await using (var store = await FeedStore.OpenAsync(dir.Path))
                for (var f = 0; f < 4; f++)
                {
                    var feed = await store.WriterAsync("w" + f);
                    for (var i = 0; i < perRound; i += 5000) await feed.AppendBatchAsync(Enumerable.Range((int)feed.Length, 5000));
                }
            appended += perRound;
            var outcome = await CrashHostIndexer.RunAsync("index", dir.Path, moments.Next());
            moments.Record(outcome);
            var killed = outcome.Killed;
            if (killed) killedRounds++;
            var (indexed, sum) = await CommittedAsync(dir.Path);
            output.WriteLine($"round {round}: {(killed ? "killed" : "finished")}, indexed [{string.Join(", ", indexed)}] of {appended} per feed, sum {sum}");
            Assert.Equal(ExpectedSum(indexed), sum);
        }
        Assert.True(killedRounds >= 4, $"only {killedRounds} of 8 rounds were killed mid-index (seed {seed})");
        Assert.False((await CrashHostIndexer.RunAsync("index", dir.Path, Timeout)).Killed);
        var (total, final) = await CommittedAsync(dir.Path);
        Assert.Equal(Enumerable.Repeat(appended, 4), total);
        Assert.Equal(4.0 * appended * (appended - 1) / 2, final);
    }

    /// <summary>What the view database holds: entries indexed per feed (from the stored progress) and the stored sum.</summary>
    private static async Task<(long[] Indexed, double Sum)> CommittedAsync(string dir)
    {
        await using var db = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "sum"));
        var state = await db.GetAsync("!s!state"u8.ToArray());
        if (state is null) return ([0, 0, 0, 0], 0);
        var progress = IndexState.Decode(Convert.FromBase64String(Encoding.ASCII.GetString(state)));
        var sum = await db.GetAsync("!d!sum"u8.ToArray());
        var indexed = progress.Entries.Select(e => (long)e.Max).ToArray();
        return (indexed, sum is null ? 0 : BitConverter.ToDouble(sum, 0));
    }

    private static double ExpectedSum(long[] indexed) => indexed.Sum(n => n * (n - 1) / 2.0);
}

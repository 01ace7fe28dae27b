using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Kappa.TestSupport.Faults;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Storage;

/// <summary>
/// Simulated power loss at random moments (mid-append and mid-creation included): volatile
/// writes are dropped, torn or reordered, and files or directories whose entry was never synced
/// vanish. The store always opens; damaged feeds are cut back to their longest verifiable prefix,
/// reported, and go on appending. With fsync durability nothing acknowledged is lost.
/// </summary>
public class PowerLossTests(ITestOutputHelper output)
{
    private static int Seeds => int.TryParse(Environment.GetEnvironmentVariable("KAPPA_LONG_SEEDS"), out var n) ? n : 300;

    /// <summary>The seeds to run: KAPPA_SEED=N reruns one that failed.</summary>
    private static IEnumerable<int> SeedRange =>
        int.TryParse(Environment.GetEnvironmentVariable("KAPPA_SEED"), out var one) ? [one] : Enumerable.Range(0, Seeds);

    [Fact]
    public async Task With_fsync_no_acknowledged_entry_is_lost_whatever_the_disk_kept()
    {
        var tally = new PowerLossTally();
        foreach (var seed in SeedRange)
            await Seeded.RunAsync("fsync power loss", seed, () => RunAsync(seed, FeedDurability.Fsync, fullCheck: false, tally));
        output.WriteLine($"{tally.Seeds} seeds: {tally}");
        Assert.Equal(0, tally.AcknowledgedLost);
    }

    [Fact]
    public async Task With_fsync_a_full_check_after_power_loss_keeps_every_acknowledged_entry()
    {
        var tally = new PowerLossTally();
        foreach (var seed in SeedRange)
            await Seeded.RunAsync("fsync power loss, full check", seed, () => RunAsync(seed, FeedDurability.Fsync, fullCheck: true, tally));
        output.WriteLine($"{tally.Seeds} seeds: {tally}");
        Assert.Equal(0, tally.AcknowledgedLost);
    }

    [Fact]
    public async Task Without_fsync_a_full_check_after_power_loss_recovers_a_verifiable_prefix_never_a_wrong_value()
    {
        var tally = new PowerLossTally();
        foreach (var seed in SeedRange)
            await Seeded.RunAsync("buffered power loss, full check", seed, () => RunAsync(seed, FeedDurability.Buffered, fullCheck: true, tally));
        output.WriteLine($"{tally.Seeds} seeds: {tally}");
    }

    [Fact]
    public async Task Without_fsync_the_store_always_opens_and_never_yields_a_wrong_value()
    {
        var tally = new PowerLossTally();
        foreach (var seed in SeedRange)
            await Seeded.RunAsync("buffered power loss, tail check", seed, () => RunAsync(seed, FeedDurability.Buffered, fullCheck: false, tally));
        output.WriteLine($"{tally.Seeds} seeds: {tally}");
    }

    /// <summary>One seed: appends until the power cut, crash, reopen, check, append again.</summary>
    private static async Task<bool> RunAsync(int seed, FeedDurability durability, bool fullCheck, PowerLossTally tally)
    {
        var random = new Random(seed);
        var disk = new PowerLossStore();
        var acked = new List<int>();
        disk.CutPowerAfter(random.Next(1, 400));
        try
        {
            await using var store = await FeedStore.OpenAsync(disk, new FeedStoreOptions { Durability = durability });
            var feed = await store.WriterAsync("w");
            for (var i = 0; ; )
            {
                var n = random.Next(1, 6);
                var batch = Enumerable.Range(i, n).ToArray();
                await feed.AppendBatchAsync(batch);
                acked.AddRange(batch);
                i += n;
            }
        }
        catch (KappaException) when (disk.PowerCut) { }
        disk.Crash(seed);

        // The store always opens: a half-created writer is reset or dropped, a damaged feed cut back.
        var options = new FeedStoreOptions { Durability = durability, VerifyOnOpen = fullCheck };
        await using var reopened = await FeedStore.OpenAsync(disk, options);
        tally.Seeds++;
        tally.Repairs += reopened.Repairs.Count;
        if (reopened.Feeds.Count == 0)
        {
            Assert.True(durability == FeedDurability.Buffered || acked.Count == 0, $"the writer vanished with {acked.Count} acknowledged");
            tally.Lost(acked.Count, 0, durability);
            return true;
        }
        var copy = reopened.Feeds.Single();
        foreach (var r in reopened.Repairs) tally.BlocksDropped += r.Recovery?.BlocksDropped ?? 0;
        if (durability == FeedDurability.Fsync)
        {
            Assert.Equal("w", reopened.NameOf(copy)); // the localname survived too
            Assert.True(copy.Length >= acked.Count, $"length {copy.Length} < acknowledged {acked.Count}");
        }
        tally.Lost(acked.Count, copy.Length, durability);

        try { await CheckAsync(copy, durability, fullCheck, tally); }
        catch (Exception e)
        {
            throw new InvalidOperationException($"after reopening at length {copy.Length} (acknowledged {acked.Count}; repairs: {string.Join("; ", reopened.Repairs.Select(r => r.Message))}): {e.Message}", e);
        }
        return true;
    }

    private static async Task CheckAsync(Feed copy, FeedDurability durability, bool fullCheck, PowerLossTally tally)
    {
        // Never a wrong value: every block read is the value appended there.
        var typedDamage = false;
        for (var i = 0; i < copy.Length; i++)
        {
            // A writer that lost its secret key is read like a downloaded feed: blocks may be missing, never wrong.
            if (!copy.Writable && !copy.Has(i)) continue;
            if (fullCheck && copy.Writable) { Assert.Equal(i, await copy.GetAsync<int>(i)); continue; }
            try { Assert.Equal(i, await copy.GetAsync<int>(i)); }
            catch (FeedException e) when (durability == FeedDurability.Buffered && e.Code is FeedException.BlockCorrupt or FeedException.BlockMissing or FeedException.EncodingFailed) { typedDamage = true; }
        }
        if (typedDamage) tally.TypedDamage++;
        var report = await copy.VerifyAsync();
        if ((fullCheck && copy.Writable) || durability == FeedDurability.Fsync) Assert.True(report.IsValid, string.Join("; ", report.Problems));

        // A writable feed goes on appending from its recovered length, and the result verifies.
        if (copy.Writable && report.IsValid)
        {
            var next = copy.Length;
            await copy.AppendBatchAsync(new[] { (int)next, (int)next + 1 });
            Assert.Equal((int)next + 1, await copy.GetAsync<int>(next + 1));
            Assert.True((await copy.VerifyAsync()).IsValid);
        }
    }
}

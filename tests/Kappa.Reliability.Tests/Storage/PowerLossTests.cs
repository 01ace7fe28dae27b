using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Kappa.TestSupport.Faults;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Storage;

/// <summary>
/// Simulated power loss at random moments (mid-append included): volatile writes are dropped,
/// torn or reordered. With fsync durability nothing acknowledged is lost; without it the store
/// never returns a wrong value: damage is a typed error naming the feed, not hidden.
/// </summary>
public class PowerLossTests(ITestOutputHelper output)
{
    private static int Seeds => int.TryParse(Environment.GetEnvironmentVariable("KAPPA_LONG_SEEDS"), out var n) ? n : 300;

    [Fact]
    public async Task With_fsync_no_acknowledged_entry_is_lost_whatever_the_disk_kept()
    {
        for (var seed = 0; seed < Seeds; seed++)
        {
            try { await RunAsync(seed, FeedDurability.Fsync); }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"seed {seed}: {e.Message}", e);
            }
        }
        output.WriteLine($"{Seeds} seeds");
    }

    [Fact]
    public async Task Without_fsync_a_power_loss_never_yields_a_wrong_value_only_typed_damage()
    {
        var damaged = 0;
        for (var seed = 0; seed < Seeds; seed++)
            if (await RunAsync(seed, FeedDurability.Buffered)) damaged++;
        output.WriteLine($"{Seeds} seeds, {damaged} left blocks that verification reports as damaged");
    }

    /// <summary>One seed: appends until the power cut, crash, reopen, check. Returns whether damage was found (buffered only).</summary>
    private static async Task<bool> RunAsync(int seed, FeedDurability durability)
    {
        var random = new Random(seed);
        var disk = new PowerLossStore();
        var acked = new List<int>();
        string? key = null;
        disk.CutPowerAfter(random.Next(1, 400));
        try
        {
            await using var store = await FeedStore.OpenAsync(disk, new FeedStoreOptions { Durability = durability });
            var feed = await store.WriterAsync("w");
            key = feed.Key.ToString();
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

        FeedStore reopened;
        try { reopened = await FeedStore.OpenAsync(disk, new FeedStoreOptions { Durability = durability }); }
        catch (FeedException e) when (durability == FeedDurability.Buffered && e.Code == FeedException.StoreCorrupt)
        {
            // Without fsync the disk may keep a bitfield page but not the tree nodes it counts:
            // the store says which feed is damaged instead of serving it.
            // The error names the feed: by key, or by directory when the key itself was torn.
            Assert.NotNull(key);
            Assert.True(e.Message.Contains(key, StringComparison.Ordinal) || e.Message.Contains("directory 0/", StringComparison.Ordinal), e.Message);
            return true;
        }
        await using var _ = reopened;
        if (reopened.Feeds.Count == 0)
        {
            Assert.True(durability == FeedDurability.Buffered || acked.Count == 0, $"seed {seed}: the writer vanished with {acked.Count} acknowledged");
            return false;
        }
        var copy = reopened.Feeds.Single();
        if (durability == FeedDurability.Fsync)
        {
            Assert.Equal("w", reopened.NameOf(copy)); // the localname survived too
            Assert.True(copy.Length >= acked.Count, $"seed {seed}: length {copy.Length} < acknowledged {acked.Count}");
            for (var i = 0; i < acked.Count; i++) Assert.Equal(acked[i], await copy.GetAsync<int>(i));
            var report = await copy.VerifyAsync();
            Assert.True(report.IsValid, $"seed {seed}: {string.Join("; ", report.Problems)}");
            return false;
        }
        // Buffered: whatever is readable is right; what is not is a typed error.
        var bad = false;
        for (var i = 0; i < copy.Length; i++)
        {
            try { Assert.Equal(i, await copy.GetAsync<int>(i)); }
            catch (FeedException e) when (e.Code is FeedException.BlockCorrupt or FeedException.BlockMissing or FeedException.EncodingFailed) { bad = true; }
        }
        return bad || !(await copy.VerifyAsync()).IsValid;
    }
}

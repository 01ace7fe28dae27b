using Kappa.Hypercore;
using Kappa.Hypercore.Storage;
using Kappa.TestSupport.Faults;

namespace Kappa.Reliability.Tests.Storage;

/// <summary>The two recovery rules the power-loss and fault-walk tests led to, each pinned by its own test.</summary>
public class FeedRecoveryTests
{
    private static readonly FeedOptions Fsync = new() { ValueEncoding = ValueEncoding.Json, Durability = FeedDurability.Fsync };

    [Fact]
    public async Task A_failed_bitfield_fsync_stops_the_feed_until_it_is_reopened()
    {
        var ram = new RamStorageProvider();
        // The second append's commit point (its bitfield fsync) fails once.
        var plan = new FaultPlan(FaultOperation.Flush, 2, FaultMode.Transient) { OnlyFile = "bitfield" };
        var feed = await Feed.OpenAsync(new FaultInjectingProvider(ram, plan), Fsync);
        await feed.AppendAsync(1);
        await Assert.ThrowsAnyAsync<KappaException>(async () => await feed.AppendAsync(2));
        Assert.True(plan.Fired);

        // The fault was transient, yet a retry on the same object must not go through: whether
        // entry 2 is on disk is unknown, so appending it again could store it twice.
        var retry = await Assert.ThrowsAnyAsync<KappaException>(async () => await feed.AppendAsync(2));
        Assert.Contains("reopen", retry.Message, StringComparison.Ordinal);
        try { await feed.DisposeAsync(); }
        catch (KappaException) { }

        await using var reopened = await Feed.OpenAsync(ram, Fsync);
        Assert.InRange(reopened.Length, 1, 2);
        Assert.Equal(1, await reopened.GetAsync<int>(0));
        Assert.True((await reopened.VerifyAsync()).IsValid);
        await reopened.AppendAsync(3);
    }

    [Fact]
    public async Task A_torn_key_file_beside_a_whole_secret_key_is_repaired_on_open()
    {
        var ram = new RamStorageProvider();
        string key;
        await using (var feed = await Feed.OpenAsync(ram, Fsync))
        {
            key = feed.Key.ToString();
            await feed.AppendBatchAsync([10, 20, 30]);
        }
        ram.Open("key").Truncate(13); // a power cut tore the key file

        await using var reopened = await Feed.OpenAsync(ram, Fsync with { CreateIfMissing = false });
        Assert.Equal(key, reopened.Key.ToString());
        Assert.True(reopened.Writable);
        Assert.Equal(30, await reopened.GetAsync<int>(2));
        Assert.True((await reopened.VerifyAsync()).IsValid);
        await reopened.AppendAsync(40);
        var stored = new byte[32];
        Assert.Equal(32, ram.Open("key").Read(0, stored));
        Assert.Equal(key, Convert.ToHexStringLower(stored));
    }

    [Fact]
    public async Task A_failed_signature_write_fails_no_acknowledged_append_and_is_written_again()
    {
        var ram = new RamStorageProvider();
        // Buffered appends are signed after they return (Feed.Signing.cs); one signature write fails.
        var plan = new FaultPlan(FaultOperation.Write, 2, FaultMode.Transient) { OnlyFile = "signatures" };
        var feed = await Feed.OpenAsync(new FaultInjectingProvider(ram, plan), new FeedOptions { ValueEncoding = ValueEncoding.Json });
        for (var i = 0; i < 20; i++) await feed.AppendAsync(i); // none fails: each was committed before its signature
        // The flush signs what is still queued; when the fault meets the flush itself, it is typed and the next one succeeds.
        try { await feed.FlushAsync(); }
        catch (KappaException) { await feed.FlushAsync(); }
        Assert.True(plan.Fired);
        Assert.True((await feed.VerifyAsync()).IsValid, "every length is signed after the failed write");
        await feed.AppendAsync(20);
        await feed.DisposeAsync();

        await using var reopened = await Feed.OpenAsync(ram, new FeedOptions { ValueEncoding = ValueEncoding.Json });
        Assert.Null(reopened.Recovery);
        Assert.Equal(21, reopened.Length);
        Assert.True((await reopened.VerifyAsync()).IsValid);
        for (var i = 0; i < 21; i++) Assert.Equal(i, await reopened.GetAsync<int>(i));
    }
}

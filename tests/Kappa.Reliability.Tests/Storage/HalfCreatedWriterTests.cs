using Kappa.Hypercore;
using Kappa.Multifeed.Store;

namespace Kappa.Reliability.Tests.Storage;

/// <summary>
/// Regressions for the power-loss seeds that stopped `scripts/reliability-long.sh`: a power cut
/// while a writer was being created left a key torn with no whole secret key, and reopening
/// failed for the whole store. Now the store opens and says what it repaired.
/// </summary>
public class HalfCreatedWriterTests
{
    [Fact]
    public async Task A_named_writer_whose_key_was_torn_is_reset_and_the_store_opens()
    {
        var disk = new RamStoreStorage();
        await using (var store = await FeedStore.OpenAsync(disk))
            await (await store.WriterAsync("w")).AppendAsync(1);
        disk.Feed("0").Open("key").Truncate(13);
        disk.Feed("0").Open("secret_key").Truncate(0);

        await using var reopened = await FeedStore.OpenAsync(disk);
        var repair = Assert.Single(reopened.Repairs);
        Assert.Contains("reset to a new empty writer", repair.Message, StringComparison.Ordinal);
        var writer = await reopened.WriterAsync("w");
        Assert.True(writer.Writable);
        Assert.Equal(0, writer.Length); // nothing of the old, unverifiable feed is served or signed again
        await writer.AppendAsync(2);
        Assert.Equal(2, await writer.GetAsync<int>(0));
        Assert.True((await writer.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task An_unnamed_last_feed_whose_key_was_torn_is_dropped_and_reported()
    {
        var disk = new RamStoreStorage();
        await using (var store = await FeedStore.OpenAsync(disk))
        {
            await (await store.WriterAsync("kept")).AppendAsync(1);
            await store.WriterAsync();
        }
        disk.Feed("1").Open("key").Truncate(20);
        disk.Feed("1").Open("secret_key").Truncate(30);
        disk.Feed("1").Open("localname").Delete();

        await using var reopened = await FeedStore.OpenAsync(disk);
        Assert.Equal("kept", reopened.NameOf(Assert.Single(reopened.Feeds)));
        Assert.Contains("dropped", Assert.Single(reopened.Repairs).Message, StringComparison.Ordinal);
        var next = await reopened.WriterAsync("next");
        Assert.Equal("next", reopened.NameOf(next));
    }

    [Fact]
    public async Task A_writer_whose_last_signature_was_lost_is_signed_again_after_its_data_is_checked()
    {
        var disk = new RamStoreStorage();
        await using (var store = await FeedStore.OpenAsync(disk))
            await (await store.WriterAsync("w")).AppendBatchAsync(new[] { 1, 2, 3 });
        var signatures = disk.Feed("0").Open("signatures");
        var original = new byte[64];
        signatures.Read(32 + 2 * 64, original);
        signatures.Write(32 + 2 * 64, new byte[64]); // the batch's only signature, lost

        await using var reopened = await FeedStore.OpenAsync(disk);
        var feed = Assert.Single(reopened.Feeds);
        // Signatures trail buffered appends (Feed.Signing.cs), so a writer killed before its
        // signer ran leaves exactly this: the open signs the length again, and reports no repair.
        Assert.Empty(reopened.Repairs);
        Assert.Equal(3, feed.Length);
        var again = new byte[64];
        signatures.Read(32 + 2 * 64, again);
        Assert.Equal(original, again);
        Assert.True((await feed.VerifyAsync()).IsValid);
        Assert.Equal(3, await feed.GetAsync<int>(2));
    }

    [Fact]
    public async Task A_torn_last_block_is_cut_off_and_the_writer_appends_from_there()
    {
        var disk = new RamStoreStorage();
        await using (var store = await FeedStore.OpenAsync(disk))
        {
            var w = await store.WriterAsync("w");
            await w.AppendAsync("first");
            await w.AppendAsync("second");
        }
        var data = disk.Feed("0").Open("data");
        data.Truncate(data.Length - 3); // the second block's data write was torn

        await using var reopened = await FeedStore.OpenAsync(disk);
        var feed = Assert.Single(reopened.Feeds);
        var recovery = Assert.Single(reopened.Repairs).Recovery!;
        Assert.Equal((2L, 1L, 1L), (recovery.StoredLength, recovery.RecoveredLength, recovery.BlocksDropped));
        Assert.Equal(1, feed.Length);
        await feed.AppendAsync("again");
        Assert.Equal("again", await feed.GetAsync<string>(1));
        Assert.True((await feed.VerifyAsync()).IsValid);
    }
}

using System.Text.Json;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Feeds;

/// <summary>A feed's contract, run on every storage (RAM and real files).</summary>
public abstract class FeedBehaviour : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    /// <summary>A storage that survives reopening (same name → same bytes).</summary>
    protected abstract IStorageProvider Storage(string name);

    /// <summary>Overwrites bytes of a feed file behind the feed's back.</summary>
    protected abstract void Tamper(string name, string file, long offset, byte[] bytes);

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private static readonly FeedOptions Json = new() { ValueEncoding = ValueEncoding.Json };

    [Fact]
    public async Task Appended_values_read_back_in_order_after_reopening()
    {
        await using (var feed = await Feed.OpenAsync(Storage("a"), Json))
        {
            Assert.Equal(0, await feed.AppendAsync(new { n = 1 }));
            Assert.Equal(1, await feed.AppendBatchAsync(new object[] { "two", 3.5, new[] { 4 } }));
            Assert.Equal(4, feed.Length);
        }
        await using var again = await Feed.OpenAsync(Storage("a"), Json);
        Assert.True(again.Writable);
        Assert.Equal(4, again.Length);
        Assert.Equal("{\"n\":1}", (await again.GetAsync<JsonElement>(0)).GetRawText());
        Assert.Equal("two", await again.GetAsync<string>(1));
        Assert.Equal(3.5, await again.GetAsync<double>(2));
        Assert.Equal(new[] { 4 }, await again.GetAsync<int[]>(3));
        Assert.Equal(4, await again.AppendAsync("five"));
    }

    [Fact]
    public async Task A_changed_byte_in_the_data_file_is_an_error_naming_feed_and_block_never_a_wrong_value()
    {
        FeedKey key;
        await using (var feed = await Feed.OpenAsync(Storage("c"), Json))
        {
            key = feed.Key;
            await feed.AppendBatchAsync(new[] { "aaaa", "bbbb", "cccc" });
        }
        Tamper("c", "data", 8, "X"u8.ToArray()); // inside "bbbb"
        await using var again = await Feed.OpenAsync(Storage("c"), Json);
        Assert.Equal("aaaa", await again.GetAsync<string>(0));
        var e = await Assert.ThrowsAsync<FeedException>(async () => await again.GetAsync<string>(1));
        Assert.Equal(FeedException.BlockCorrupt, e.Code);
        Assert.Equal(1, e.Seq);
        Assert.Contains(key.ToString(), e.Message, StringComparison.Ordinal);
        var streamed = new List<long>();
        var streamError = await Assert.ThrowsAsync<FeedException>(async () => { await foreach (var b in again.ReadRawAsync()) streamed.Add(b.Seq); });
        Assert.Equal([0L], streamed);
        Assert.Equal(1, streamError.Seq);

        var report = await again.VerifyAsync();
        Assert.False(report.IsValid);
        Assert.Equal(1, Assert.Single(report.Problems).Seq);
        Assert.Equal(3, report.BlocksChecked);
    }

    [Fact]
    public async Task A_changed_signature_is_reported_by_verify()
    {
        await using (var feed = await Feed.OpenAsync(Storage("s"), Json))
            for (var i = 0; i < 4; i++) await feed.AppendAsync(i);
        Tamper("s", "signatures", 32 + 64 * 2 + 5, [0xAB, 0xCD, 0xEF, 0x01]); // four bytes: with a random key, one byte is already 0xAB once in 256 runs
        await using var again = await Feed.OpenAsync(Storage("s"), Json);
        var report = await again.VerifyAsync();
        Assert.Equal(2, Assert.Single(report.Problems).Seq);
        Assert.Equal(4, report.SignaturesChecked);
    }

    [Fact]
    public async Task A_large_batch_hashed_across_cores_builds_the_same_tree_as_small_batches()
    {
        // 400 × 1 KiB is above the parallel-hashing threshold; batches of 7 are below it.
        var random = new Random(20261124);
        var blocks = Enumerable.Range(0, 400).Select(_ => { var b = new byte[1024]; random.NextBytes(b); return (ReadOnlyMemory<byte>)b; }).ToList();
        await using (var big = await Feed.OpenAsync(Storage("big")))
            await big.AppendRawBatchAsync(blocks);
        await using (var small = await Feed.OpenAsync(Storage("small")))
            foreach (var chunk in blocks.Chunk(7)) await small.AppendRawBatchAsync(chunk);

        Assert.Equal(ReadTree("small"), ReadTree("big"));
        await using var again = await Feed.OpenAsync(Storage("big"));
        Assert.True((await again.VerifyAsync()).IsValid);
        for (var i = 0; i < blocks.Count; i += 57) Assert.Equal(blocks[i].ToArray(), (await again.GetRawAsync(i)).ToArray());
    }

    private byte[] ReadTree(string name)
    {
        var tree = Storage(name).Open("tree");
        var bytes = new byte[tree.Length];
        tree.Read(0, bytes);
        tree.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return bytes;
    }

    [Fact]
    public async Task Concurrent_appends_all_land_once_and_merge_into_fewer_signed_batches()
    {
        await using var feed = await Feed.OpenAsync(Storage("m"), Json);
        var seqs = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () => await feed.AppendAsync(i))));
        Assert.Equal(400, seqs.Distinct().Count());
        Assert.Equal(400, feed.Length);
        var values = new List<int>();
        await foreach (var e in feed.ReadAsync<int>()) values.Add(e.Value);
        Assert.Equal(Enumerable.Range(0, 400), values.Order());
        for (var i = 0; i < seqs.Length; i++) Assert.Equal(i, values[(int)seqs[i]]);
        Assert.True((await feed.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task A_live_read_yields_entries_appended_after_it_started()
    {
        await using var feed = await Feed.OpenAsync(Storage("l"), Json);
        await feed.AppendAsync("before");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var e in feed.ReadAsync<string>(live: true, ct: cts.Token))
            {
                seen.Add(e.Value);
                if (seen.Count == 3) return;
            }
        });
        await feed.AppendAsync("after1");
        await feed.AppendAsync("after2");
        await reader;
        Assert.Equal(["before", "after1", "after2"], seen);
    }

    [Fact]
    public async Task Getting_a_block_beyond_the_end_fails_clearly_or_waits_for_it()
    {
        await using var feed = await Feed.OpenAsync(Storage("w"), Json);
        var e = await Assert.ThrowsAsync<FeedException>(async () => await feed.GetAsync<int>(0));
        Assert.Equal(FeedException.BlockMissing, e.Code);
        var waiting = feed.GetAsync<int>(0, wait: true).AsTask();
        Assert.False(waiting.IsCompleted);
        await feed.AppendAsync(42);
        Assert.Equal(42, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Opening_with_the_wrong_key_fails_and_a_public_key_opens_read_only()
    {
        FeedKey key;
        await using (var feed = await Feed.OpenAsync(Storage("k"), Json)) key = feed.Key;
        var other = KeyPair.Generate();
        var e = await Assert.ThrowsAsync<FeedException>(async () => await Feed.OpenAsync(Storage("k"), Json with { Key = new FeedKey(other.PublicKey) }));
        Assert.Equal(FeedException.KeyMismatch, e.Code);
        await using var reader = await Feed.OpenAsync(Storage("r"), Json with { Key = key });
        Assert.False(reader.Writable);
        Assert.Equal(FeedException.NotWritable, (await Assert.ThrowsAsync<FeedException>(async () => await reader.AppendAsync(1))).Code);
    }

    [Fact]
    public async Task Values_that_do_not_fit_the_encoding_are_typed_errors()
    {
        await using var utf8 = await Feed.OpenAsync(Storage("u"), new FeedOptions { ValueEncoding = ValueEncoding.Utf8 });
        Assert.Equal(FeedException.EncodingFailed, (await Assert.ThrowsAsync<FeedException>(async () => await utf8.AppendAsync(42))).Code);
        await utf8.AppendAsync("ok");
        Assert.Equal("ok", await utf8.GetAsync<string>(0));
        await using var json = await Feed.OpenAsync(Storage("j"), Json);
        await json.AppendRawAsync("not json"u8.ToArray());
        Assert.Equal(FeedException.EncodingFailed, (await Assert.ThrowsAsync<FeedException>(async () => await json.GetAsync<int>(0))).Code);
    }
}

public sealed class FeedOnRam : FeedBehaviour
{
    private readonly RamStorageProvider _root = new();

    protected override IStorageProvider Storage(string name) => _root.Sub(name);

    protected override void Tamper(string name, string file, long offset, byte[] bytes) => _root.Open(name + "/" + file).Write(offset, bytes);
}

public sealed class FeedOnDisk : FeedBehaviour
{
    protected override IStorageProvider Storage(string name) => new DirectoryStorageProvider(Dir.Combine(name));

    protected override void Tamper(string name, string file, long offset, byte[] bytes)
    {
        using var fs = new FileStream(Dir.Combine(name, file), FileMode.Open, FileAccess.Write);
        fs.Position = offset;
        fs.Write(bytes);
    }
}

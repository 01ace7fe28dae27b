using System.Security.Cryptography;
using System.Text.Json;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Feeds;

public class StorageVectorTests
{
    private static readonly string[] FeedFiles = ["key", "secret_key", "tree", "data", "bitfield", "signatures"];

    [Fact]
    public async Task Writing_the_same_entries_with_the_same_keys_gives_the_files_kappa_core_wrote()
    {
        var v = Vectors.Load("storage/two-writers.json");
        var seeds = v.GetProperty("writerSeeds").EnumerateArray().Select(s => s.HexProp("seed")).ToArray();
        var entries = v.GetProperty("entries").EnumerateArray().ToDictionary(e => e.Str("key"), e => e.GetProperty("values").EnumerateArray().ToList());
        using var dir = new TempDirectory();
        for (var n = 0; n < 3; n++)
        {
            var kp = KeyPair.FromSeed(seeds[n]);
            await using var feed = await Feed.OpenAsync(new DirectoryStorageProvider(dir.Combine(n.ToString(System.Globalization.CultureInfo.InvariantCulture))), new FeedOptions { KeyPair = kp, ValueEncoding = ValueEncoding.Json });
            var values = entries[feed.Key.ToString()];
            if (n == 1) await feed.AppendBatchAsync(values); // "second" wrote its two entries in one append()
            else foreach (var value in values) await feed.AppendAsync(value);
        }

        var ours = StoreManifest.Read(dir.Path);
        foreach (var file in v.GetProperty("files").EnumerateObject().Where(f => !f.Name.EndsWith("localname", StringComparison.Ordinal)))
        {
            Assert.True(ours.ContainsKey(file.Name), $"{file.Name} was not written");
            Assert.Equal(file.Value.GetString(), Convert.ToBase64String(ours[file.Name]));
        }
        Assert.False(ours.ContainsKey("2/data"), "an empty writer has no data file, as in hypercore 8");
    }

    [Fact]
    public async Task Feeds_written_by_kappa_core_open_read_back_and_are_not_changed_by_opening()
    {
        var v = Vectors.Load("storage/two-writers.json");
        using var dir = new TempDirectory();
        StoreManifest.WriteTo(v, dir.Path);
        var before = StoreManifest.Read(dir.Path);
        foreach (var expected in v.GetProperty("entries").EnumerateArray())
        {
            var n = Enumerable.Range(0, 3).Single(i => Convert.ToHexStringLower(File.ReadAllBytes(dir.Combine(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "key"))) == expected.Str("key"));
            await using var feed = await Feed.OpenAsync(new DirectoryStorageProvider(dir.Combine(n.ToString(System.Globalization.CultureInfo.InvariantCulture))), new FeedOptions { ValueEncoding = ValueEncoding.Json, CreateIfMissing = false });
            Assert.Equal(expected.Num("length"), feed.Length);
            Assert.Equal(expected.GetProperty("writable").GetBoolean(), feed.Writable);
            var values = new List<string>();
            await foreach (var e in feed.ReadAsync<JsonElement>()) values.Add(Compact(e.Value));
            Assert.Equal(expected.GetProperty("values").EnumerateArray().Select(Compact), values);
            Assert.True((await feed.VerifyAsync()).IsValid);
        }
        var after = StoreManifest.Read(dir.Path);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed on open");
    }

    [Fact]
    public async Task A_feed_learned_from_a_peer_opens_read_only_with_its_entries()
    {
        var v = Vectors.Load("storage/replicated.json");
        using var dir = new TempDirectory();
        StoreManifest.WriteTo(v, dir.Path);
        var expected = v.GetProperty("entries").EnumerateArray().Single(e => !e.GetProperty("writable").GetBoolean());
        await using var feed = await Feed.OpenAsync(new DirectoryStorageProvider(dir.Combine("1")), new FeedOptions { ValueEncoding = ValueEncoding.Json });
        Assert.False(feed.Writable);
        Assert.Equal(expected.Str("key"), feed.Key.ToString());
        Assert.Equal(expected.Num("length"), feed.Length);
        var values = new List<string>();
        await foreach (var e in feed.ReadAsync<JsonElement>()) values.Add(Compact(e.Value));
        Assert.Equal(expected.GetProperty("values").EnumerateArray().Select(Compact), values);
        Assert.True((await feed.VerifyAsync()).IsValid);
        await Assert.ThrowsAsync<FeedException>(async () => await feed.AppendAsync(1));
    }

    [Fact]
    public async Task Ten_thousand_entries_over_two_bitfield_pages_give_hypercores_exact_bitfield()
    {
        var v = Vectors.Load("storage/big-feed.json");
        using var dir = new TempDirectory();
        await using (var feed = await Feed.OpenAsync(new DirectoryStorageProvider(dir.Combine("0")), new FeedOptions { KeyPair = KeyPair.FromSeed(v.GetProperty("writerSeed").HexProp("seed")), ValueEncoding = ValueEncoding.Json }))
        {
            for (var i = 0; i < v.Num("count");)
            {
                if (i % 100 == 0) { await feed.AppendBatchAsync(Enumerable.Range(i, 7)); i += 7; }
                else await feed.AppendAsync(i++);
            }
        }
        Assert.Equal(v.Str("bitfieldBase64"), Convert.ToBase64String(File.ReadAllBytes(dir.Combine("0", "bitfield"))));
        foreach (var f in v.GetProperty("fileDigests").EnumerateObject().Where(f => FeedFiles.Contains(Path.GetFileName(f.Name))))
        {
            var bytes = File.ReadAllBytes(dir.Combine(f.Name));
            Assert.Equal(f.Value.Num("size"), bytes.Length);
            Assert.Equal(f.Value.Str("sha256"), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);
}

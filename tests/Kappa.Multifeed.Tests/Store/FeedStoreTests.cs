using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Store;

public class FeedStoreTests
{
    [Fact]
    public async Task A_store_written_by_kappa_core_lists_feeds_in_multifeed_order_with_their_names()
    {
        foreach (var vector in new[] { "storage/two-writers.json", "storage/replicated.json" })
        {
            var v = Vectors.Load(vector);
            using var dir = new TempDirectory();
            StoreManifest.WriteTo(v, dir.Path);
            await using var store = await FeedStore.OpenAsync(dir.Path, new FeedStoreOptions { ReadOnly = true });
            var expected = v.GetProperty("multifeedFeeds").EnumerateArray().Select(f => (f.Str("multifeedName"), f.Str("key"))).ToList();
            Assert.Equal(expected, store.NamedFeeds.Select(f => (f.Name, f.Feed.Key.ToString())).ToList());
            foreach (var e in v.GetProperty("entries").EnumerateArray())
                Assert.Equal(e.Num("length"), store.Feed(e.Str("key"))!.Length);
        }
    }

    [Fact]
    public async Task Writers_created_here_produce_the_same_directory_as_kappa_core()
    {
        var v = Vectors.Load("storage/two-writers.json");
        var seeds = v.GetProperty("writerSeeds").EnumerateArray().Select(s => KeyPair.FromSeed(s.HexProp("seed"))).ToArray();
        var values = v.GetProperty("entries").EnumerateArray().ToDictionary(e => e.Str("key"), e => e.GetProperty("values").EnumerateArray().ToList());
        using var dir = new TempDirectory();
        await using (var store = await FeedStore.OpenAsync(dir.Path))
        {
            var main = await store.WriterAsync("default", seeds[0]);
            foreach (var value in values[main.Key.ToString()]) await main.AppendAsync(value);
            var second = await store.WriterAsync("second", seeds[1]);
            await second.AppendBatchAsync(values[second.Key.ToString()]);
            var unnamed = await store.WriterAsync(keyPair: seeds[2]);
            Assert.Equal("2", store.NameOf(unnamed));
        }
        var ours = StoreManifest.Read(dir.Path);
        var theirs = v.GetProperty("files").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetString());
        Assert.Equal(theirs.Keys.Order(StringComparer.Ordinal), ours.Keys.Where(k => !k.StartsWith(".kappa/", StringComparison.Ordinal)));
        foreach (var (name, b64) in theirs) Assert.Equal(b64, Convert.ToBase64String(ours[name]));
    }

    [Fact]
    public async Task Names_and_order_survive_reopening_and_integer_like_names_come_first()
    {
        using var dir = new TempDirectory();
        await using (var store = await FeedStore.OpenAsync(dir.Path))
        {
            await store.WriterAsync("zeta");
            await store.WriterAsync("alpha");
            await store.WriterAsync("7");
            await store.WriterAsync("01");
            await store.WriterAsync();
            Assert.Equal(["4", "7", "zeta", "alpha", "01"], store.NamedFeeds.Select(f => f.Name));
        }
        await using var again = await FeedStore.OpenAsync(dir.Path);
        Assert.Equal(["4", "7", "zeta", "alpha", "01"], again.NamedFeeds.Select(f => f.Name));
        Assert.Same(again.Feeds[2], await again.WriterAsync("zeta"));
        Assert.True(again.Feeds.All(f => f.Writable));
    }

    [Fact]
    public async Task The_feed_lists_it_hands_out_cannot_change_the_store()
    {
        using var dir = new TempDirectory();
        await using var store = await FeedStore.OpenAsync(dir.Path);
        var first = await store.WriterAsync("a");
        var second = await store.WriterAsync("b");
        // The lists are the store's own snapshot, not copies: a cast must not open them to writes.
        Assert.Throws<NotSupportedException>(() => ((IList<Feed>)store.Feeds)[0] = second);
        Assert.Throws<NotSupportedException>(() => ((IList<(string Name, Feed Feed)>)store.NamedFeeds)[0] = ("b", second));
        Assert.Equal([first, second], store.Feeds);
        Assert.Equal("a", store.NameOf(first));
        Assert.Same(first, await store.WriterAsync("a"));
    }

    [Fact]
    public async Task Concurrent_requests_for_one_writer_name_create_one_feed()
    {
        using var dir = new TempDirectory();
        await using var store = await FeedStore.OpenAsync(dir.Path);
        var feeds = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () => await store.WriterAsync("same"))));
        Assert.Single(feeds.Distinct());
        Assert.Single(store.Feeds);
        Assert.False(Directory.Exists(dir.Combine("1")));
    }

    [Fact]
    public async Task Loading_stops_at_the_first_directory_without_a_key_as_multifeed_does()
    {
        using var dir = new TempDirectory();
        await using (var store = await FeedStore.OpenAsync(dir.Path))
            for (var i = 0; i < 3; i++) await store.WriterAsync();
        File.Delete(dir.Combine("1", "key"));
        await using var again = await FeedStore.OpenAsync(dir.Path);
        Assert.Single(again.Feeds);
    }

    [Fact]
    public async Task A_second_writer_process_is_refused_but_readers_are_not()
    {
        using var dir = new TempDirectory();
        await using var store = await FeedStore.OpenAsync(dir.Path);
        var w = await store.WriterAsync("w");
        await w.AppendAsync(1);
        var e = await Assert.ThrowsAsync<FeedStoreException>(async () => await FeedStore.OpenAsync(dir.Path));
        Assert.Equal(FeedStoreException.Locked, e.Code);
        Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        await using var reader = await FeedStore.OpenAsync(dir.Path, new FeedStoreOptions { ReadOnly = true });
        Assert.Equal(1, reader.Feeds.Single().Length);
        Assert.Equal(FeedStoreException.ReadOnly, (await Assert.ThrowsAsync<FeedStoreException>(async () => await reader.WriterAsync("x"))).Code);
    }

    [Fact]
    public async Task Opening_a_missing_store_read_only_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var e = await Assert.ThrowsAsync<FeedStoreException>(async () => await FeedStore.OpenAsync(dir.Combine("nope"), new FeedStoreOptions { ReadOnly = true }));
        Assert.Equal(FeedStoreException.NotFound, e.Code);
    }

    [Fact]
    public async Task Feeds_are_found_by_key_bytes_or_hex_and_feeds_learned_from_peers_get_the_next_number()
    {
        var store = await FeedStore.OpenAsync(new RamStoreStorage());
        await using (store)
        {
            var mine = await store.WriterAsync("default");
            var remoteKey = new FeedKey(KeyPair.Generate().PublicKey);
            var added = new List<string>();
            store.FeedAdded += (_, e) => added.Add(e.Name);
            var remote = await store.AddRemoteFeedAsync(remoteKey);
            Assert.False(remote.Writable);
            Assert.Equal(["1"], added);
            Assert.Same(remote, store.Feed(remoteKey.ToString()));
            Assert.Same(mine, store.Feed(mine.Key));
            Assert.Equal([remote, mine], store.Feeds);
            Assert.Same(remote, await store.AddRemoteFeedAsync(remoteKey));
            Assert.Throws<FormatException>(() => store.Feed("not-a-key"));
        }
    }
}

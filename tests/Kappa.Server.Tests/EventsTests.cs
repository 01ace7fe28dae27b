using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Core;
using Kappa.TestSupport;

namespace Kappa.Server.Tests;

/// <summary>GET /api/events over a TestServer: what a client receives, and in which order.</summary>
public sealed class EventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private StoreServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await StoreServer.StartAsync(seed: async core => await (await core.WriterAsync("old")).AppendBatchAsync(Enumerable.Range(0, 10)));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Events_start_with_hello_then_every_later_entry_once_in_seq_order_per_feed()
    {
        var (response, events) = await ServerSentEvents.OpenAsync(_server.Client);
        using var _ = response;
        await using var __ = events;
        var hello = await NextAsync(events);
        Assert.Equal("hello", hello.Type);
        var feed = JsonDocument.Parse(hello.Data).RootElement.GetProperty("feeds")[0];
        Assert.Equal("old", feed.GetProperty("name").GetString());
        Assert.Equal(10, feed.GetProperty("length").GetInt64());

        var old = _server.Core.Store.NamedFeeds.Single(f => f.Name == "old").Feed;
        var a = await _server.Core.WriterAsync("a");
        var appends = Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 3; i++) await a.AppendBatchAsync(Enumerable.Range(i * 100, 100)); }),
            Task.Run(async () => { for (var i = 0; i < 5; i++) await old.AppendAsync(new { late = i }); }),
            Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            {
                using var r = await _server.Client.PostAsync("api/entries?writer=b", new StringContent(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8, "application/json"));
                r.EnsureSuccessStatusCode();
            })));
        var seen = new Dictionary<string, List<long>>();
        var values = new Dictionary<(string, long), string>();
        while (seen.Values.Sum(s => s.Count) < 355)
        {
            var e = await NextAsync(events);
            if (e.Type != "entry") continue;
            var entry = JsonDocument.Parse(e.Data).RootElement;
            var key = entry.GetProperty("key").GetString()!;
            var seq = entry.GetProperty("seq").GetInt64();
            (seen.TryGetValue(key, out var list) ? list : seen[key] = []).Add(seq);
            values[(key, seq)] = entry.GetProperty("value").GetRawText();
        }
        await appends.WaitAsync(Guard);

        Assert.Equal(Enumerable.Range(10, 5).Select(i => (long)i), seen[old.Key.ToString()]);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), seen[a.Key.ToString()]);
        var b = _server.Core.Store.NamedFeeds.Single(f => f.Name == "b").Feed;
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), seen[b.Key.ToString()]);
        Assert.Equal("{\"late\":0}", values[(old.Key.ToString(), 10)]);
        Assert.Equal("299", values[(a.Key.ToString(), 299)]);
    }

    [Fact]
    public async Task A_new_feed_is_announced_before_its_first_entry()
    {
        var (response, events) = await ServerSentEvents.OpenAsync(_server.Client);
        using var _ = response;
        await using var __ = events;
        var fresh = await _server.Core.WriterAsync("fresh");
        await fresh.AppendAsync("first");
        var types = new List<string>();
        while (true)
        {
            var e = await NextAsync(events);
            if (e.Type is "feed" or "entry" && e.Data.Contains(fresh.Key.ToString(), StringComparison.Ordinal)) types.Add(e.Type);
            if (e.Type == "entry") break;
        }
        Assert.Equal(["feed", "entry"], types);
    }

    [Fact]
    public async Task Entries_replicated_from_a_peer_arrive_as_entry_events()
    {
        using var peerDir = new TempDirectory("serve-peer");
        await using var peer = await KappaCore.OpenAsync(peerDir.Path);
        var remote = await peer.WriterAsync("remote");
        await remote.AppendBatchAsync(Enumerable.Range(0, 40).Select(i => new { from = "peer", i }));

        var (response, events) = await ServerSentEvents.OpenAsync(_server.Client);
        using var _ = response;
        await using var __ = events;
        var (client, server) = await Loopback.ConnectedPairAsync();
        using (client)
        using (server)
            await Task.WhenAll(peer.ReplicateAsync(client, isInitiator: true), _server.Core.ReplicateAsync(server, isInitiator: false)).WaitAsync(Guard);

        var seqs = new List<long>();
        while (seqs.Count < 40)
        {
            var e = await NextAsync(events);
            if (e.Type != "entry" || !e.Data.Contains(remote.Key.ToString(), StringComparison.Ordinal)) continue;
            var entry = JsonDocument.Parse(e.Data).RootElement;
            seqs.Add(entry.GetProperty("seq").GetInt64());
            Assert.Equal("peer", entry.GetProperty("value").GetProperty("from").GetString());
        }
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), seqs);
        var feeds = await _server.Client.GetFromJsonAsync<JsonElement[]>("api/feeds");
        Assert.Contains(feeds!, f => f.GetProperty("key").GetString() == remote.Key.ToString() && !f.GetProperty("writable").GetBoolean());
    }

    [Fact]
    public async Task View_events_report_the_sum_view_catching_up()
    {
        var (response, events) = await ServerSentEvents.OpenAsync(_server.Client);
        using var _ = response;
        await using var __ = events;
        var w = await _server.Core.WriterAsync("numbers");
        await w.AppendBatchAsync(Enumerable.Range(1, 20));
        while (true)
        {
            var e = await NextAsync(events);
            if (e.Type != "view") continue;
            var view = JsonDocument.Parse(e.Data).RootElement;
            // The server hosts the key/value view as well; its events interleave with the sum view's.
            if (view.GetProperty("name").GetString() != "sum") continue;
            if (view.GetProperty("indexed").GetInt64() == 30 && view.GetProperty("state").GetString() == "idle") break;
        }
    }

    private static async Task<Sse> NextAsync(IAsyncEnumerator<Sse> events)
    {
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard), "the event stream ended");
        return events.Current;
    }
}

using System.Text.Json;

namespace Kappa.Server.Tests;

/// <summary>Reconnecting with Last-Event-ID: the events missed while away, in order, once each — or hello when they are no longer kept.</summary>
public sealed class EventResumeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_event_id_gets_exactly_what_it_missed_then_live_events()
    {
        await using var server = await StoreServer.StartAsync();
        var writer = await server.Core.WriterAsync("w");
        string lastId;
        var (first, events) = await ServerSentEvents.OpenAsync(server.Client);
        using (first)
        await using (events)
        {
            Assert.Equal("hello", (await NextAsync(events)).Type);
            await writer.AppendBatchAsync(Enumerable.Range(0, 3));
            var seen = await EntriesAsync(events, 3);
            Assert.Equal([0L, 1, 2], seen.Select(e => e.Seq));
            Assert.All(seen, e => Assert.NotNull(e.Id));
            lastId = seen[^1].Id!;
        }

        // Away: five entries the client never saw.
        await writer.AppendBatchAsync(Enumerable.Range(3, 5));
        await WaitUntilPublishedAsync(server, writer.Key.ToString(), 8);

        var (second, resumed) = await ServerSentEvents.OpenAsync(server.Client, lastId);
        using (second)
        await using (resumed)
        {
            var missed = await EntriesAsync(resumed, 5);
            Assert.Equal([3L, 4, 5, 6, 7], missed.Select(e => e.Seq));
            await writer.AppendAsync(8);
            Assert.Equal(8, (await EntriesAsync(resumed, 1)).Single().Seq);
        }
    }

    [Theory]
    [InlineData("0badc0de-1")]   // another server run
    [InlineData("nonsense")]
    [InlineData("")]
    public async Task An_id_the_server_cannot_resume_from_starts_over_with_hello(string lastEventId)
    {
        await using var server = await StoreServer.StartAsync();
        var (response, events) = await ServerSentEvents.OpenAsync(server.Client, lastEventId);
        using var _ = response;
        await using var __ = events;
        Assert.Equal("hello", (await NextAsync(events)).Type);
    }

    [Fact]
    public async Task A_client_that_missed_more_than_is_kept_starts_over_with_hello_not_a_partial_replay()
    {
        await using var server = await StoreServer.StartAsync(options: KappaServerOptions.Default with { EventReplayCount = 4 });
        var writer = await server.Core.WriterAsync("w");
        string lastId;
        var (first, events) = await ServerSentEvents.OpenAsync(server.Client);
        using (first)
        await using (events)
        {
            Assert.Equal("hello", (await NextAsync(events)).Type);
            await writer.AppendAsync(0);
            lastId = (await EntriesAsync(events, 1)).Single().Id!;
        }
        await writer.AppendBatchAsync(Enumerable.Range(1, 10));
        await WaitUntilPublishedAsync(server, writer.Key.ToString(), 11);

        var (second, resumed) = await ServerSentEvents.OpenAsync(server.Client, lastId);
        using (second)
        await using (resumed)
        {
            var hello = await NextAsync(resumed);
            Assert.Equal("hello", hello.Type);
            Assert.Equal(11, JsonDocument.Parse(hello.Data).RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "w").GetProperty("length").GetInt64());
        }
    }

    /// <summary>Waits until the hub has sent (and so kept) the feed's entries up to <paramref name="length"/>.</summary>
    private static async Task WaitUntilPublishedAsync(StoreServer server, string key, long length)
    {
        var feed = server.Core.Feeds.Single(f => f.Key.ToString() == key);
        using var guard = new CancellationTokenSource(Guard);
        while (server.Hub.Published(feed) < length) await Task.Delay(20, guard.Token);
    }

    /// <summary>The next <paramref name="count"/> entry events (view events may come between; a hello may not).</summary>
    private static async Task<List<(long Seq, string? Id)>> EntriesAsync(IAsyncEnumerator<Sse> events, int count)
    {
        var entries = new List<(long, string?)>();
        while (entries.Count < count)
        {
            var e = await NextAsync(events);
            if (e.Type == "entry") entries.Add((JsonDocument.Parse(e.Data).RootElement.GetProperty("seq").GetInt64(), e.Id));
            else Assert.True(e.Type != "hello", $"unexpected hello: {e.Data}");
        }
        return entries;
    }

    private static async Task<Sse> NextAsync(IAsyncEnumerator<Sse> events)
    {
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard), "the event stream ended");
        return events.Current;
    }
}

using Kappa.Hypercore;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Multifeed.Tests.Replication;

public class SessionScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Replicating_after_a_dropped_connection_fills_every_missing_block()
    {
        using var dir = new TempDirectory("resume");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        var source = await a.WriterAsync("source");
        for (var i = 0; i < 20; i++) await source.AppendBatchAsync(Enumerable.Range(i * 1000, 1000).Select(n => new { n, pad = new string('x', 200) }));

        var (client, server) = await Loopback.ConnectedPairAsync();
        var slow = new ReplicationOptions { MaxRequestsPerFeed = 8 };
        var started = await Task.WhenAll(a.StartReplicationAsync(client, true, slow), b.StartReplicationAsync(server, false, slow));
        var (left, right) = (started[0], started[1]);
        using (var cts = new CancellationTokenSource(Timeout))
            while (right.Progress.BlocksReceived < 2000) await Task.Delay(5, cts.Token);
        client.Dispose(); // cut the wire mid-transfer
        server.Dispose();
        await Assert.ThrowsAnyAsync<Exception>(() => right.Completion.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<Exception>(() => left.Completion.WaitAsync(Timeout));
        await left.DisposeAsync();
        await right.DisposeAsync();

        var copy = b.Feed(source.Key)!;
        var before = copy.CountStored();
        output.WriteLine($"after the cut: {before} of {source.Length} blocks");
        Assert.InRange(before, 1, source.Length - 1);

        var (c2, s2) = await Loopback.ConnectedPairAsync();
        var again = await Task.WhenAll(a.ReplicateAsync(c2, true), b.ReplicateAsync(s2, false)).WaitAsync(Timeout);
        output.WriteLine($"second session: sent {again[0].Progress}, received {again[1].Progress}");
        Assert.Equal(source.Length, copy.CountStored());
        Assert.True((await copy.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task In_a_chain_a_to_b_then_b_to_c_c_ends_with_a_feeds()
    {
        using var dir = new TempDirectory("chain");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await using var c = await FeedStore.OpenAsync(dir.Combine("c"));
        var fa = await a.WriterAsync("a");
        await fa.AppendBatchAsync(Enumerable.Range(0, 100));
        await (await b.WriterAsync("b")).AppendAsync("b");
        await (await c.WriterAsync("c")).AppendAsync("c");

        await ReplicateAsync(a, b);
        await ReplicateAsync(b, c);

        var copy = c.Feed(fa.Key);
        Assert.NotNull(copy);
        Assert.Equal(100, copy.CountStored());
        Assert.Equal(3, c.Feeds.Count);
        Assert.Equal(await StoreReplicationTests.Dump(b), await StoreReplicationTests.Dump(c));
    }

    [Fact]
    public async Task A_session_with_one_empty_side_never_ends_before_the_data_moved()
    {
        // multifeed 5 ends such sessions early in a few percent of runs (tests/interop/README.md).
        for (var round = 0; round < 30; round++)
        {
            using var dir = new TempDirectory("empty");
            await using var full = await FeedStore.OpenAsync(dir.Combine("full"));
            await using var empty = await FeedStore.OpenAsync(dir.Combine("empty"));
            var feed = await full.WriterAsync("w");
            await feed.AppendBatchAsync(new[] { 1, 2, 3 });
            if (round % 2 == 0) await ReplicateAsync(full, empty);
            else await ReplicateAsync(empty, full);
            Assert.True(empty.Feed(feed.Key)?.CountStored() == 3, $"round {round}: the empty side did not receive the feed");
        }
    }

    [Fact]
    public async Task Hundreds_of_feeds_replicate_in_one_session_through_the_shared_request_budget()
    {
        using var dir = new TempDirectory("many");
        await using var a = await FeedStore.OpenAsync(new RamStoreStorage());
        await using var b = await FeedStore.OpenAsync(new RamStoreStorage());
        for (var i = 0; i < 300; i++)
        {
            await (await a.WriterAsync("a" + i)).AppendBatchAsync(Enumerable.Range(0, 20));
            await (await b.WriterAsync("b" + i)).AppendAsync(i);
        }
        await ReplicateAsync(a, b);
        Assert.Equal(600, a.Feeds.Count);
        Assert.Equal(600, b.Feeds.Count);
        Assert.Equal(300 * 21, b.Feeds.Sum(f => f.CountStored()));
        Assert.Equal(await StoreReplicationTests.Dump(a), await StoreReplicationTests.Dump(b));
    }

    [Fact]
    public async Task A_sparse_session_fetches_only_the_blocks_a_reader_asks_for()
    {
        using var dir = new TempDirectory("sparse");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        var source = await a.WriterAsync("source");
        await source.AppendBatchAsync(Enumerable.Range(0, 50).Select(i => $"entry {i}"));

        var started = await StartSessionsAsync(a, b, new ReplicationOptions { Sparse = true });
        await using var left = started[0];
        await using var right = started[1];
        var copy = await FeedArrival.WaitAsync(b, source.Key.ToString(), Timeout);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.Equal("entry 37", await copy.GetAsync<string>(37, wait: true, ct: cts.Token));
        Assert.Equal("entry 3", await copy.GetAsync<string>(3, wait: true, ct: cts.Token));
        Assert.Equal(2, copy.CountStored());
        Assert.True(copy.Has(37));
        Assert.False(copy.Has(36));
    }

    [Fact]
    public async Task A_sparse_read_waiting_before_the_session_opens_is_asked_for_when_it_does()
    {
        using var dir = new TempDirectory("sparse-early");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        var source = await a.WriterAsync("source");
        await source.AppendBatchAsync(Enumerable.Range(0, 50).Select(i => $"entry {i}"));
        var options = new ReplicationOptions { Sparse = true };
        // A first session: b learns of the feed, stores none of its blocks, and the session ends.
        var first = await StartSessionsAsync(a, b, options);
        var copy = await FeedArrival.WaitAsync(b, source.Key.ToString(), Timeout);
        foreach (var session in first) await session.DisposeAsync();
        Assert.Equal(0, copy.CountStored());

        // The reader starts waiting while no channel is open: its request must not be lost.
        using var cts = new CancellationTokenSource(Timeout);
        var read = copy.GetAsync<string>(37, wait: true, ct: cts.Token).AsTask();
        var started = await StartSessionsAsync(a, b, options);
        await using var left = started[0];
        await using var right = started[1];
        Assert.Equal("entry 37", await read);
    }

    [Fact]
    public async Task An_idle_live_session_stays_up_on_keep_alives_and_still_delivers_appends()
    {
        using var dir = new TempDirectory("idle");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        var source = await a.WriterAsync("source");
        await source.AppendAsync(0);
        var started = await StartSessionsAsync(a, b, new ReplicationOptions { Live = true, Timeout = TimeSpan.FromSeconds(3) });
        await using var left = started[0];
        await using var right = started[1];
        await Task.Delay(7000); // several idle timeouts long: only keep-alives cross the wire
        Assert.False(left.Completion.IsCompleted, left.Completion.Exception?.ToString());
        Assert.False(right.Completion.IsCompleted, right.Completion.Exception?.ToString());
        await source.AppendAsync(1);
        var copy = await FeedArrival.WaitAsync(b, source.Key.ToString(), Timeout);
        using var wait = new CancellationTokenSource(Timeout);
        var got = copy.GetAsync<int>(1, wait: true, ct: wait.Token).AsTask();
        var first = await Task.WhenAny(got, right.Completion);
        Assert.True(first == got, "the session ended: " + right.Completion.Exception?.GetBaseException().Message);
        Assert.Equal(1, await got);
    }

    internal static async Task ReplicateAsync(FeedStore initiator, FeedStore responder, ReplicationOptions? options = null)
    {
        var (client, server) = await Loopback.ConnectedPairAsync();
        using (client)
        using (server)
            await Task.WhenAll(initiator.ReplicateAsync(client, true, options), responder.ReplicateAsync(server, false, options)).WaitAsync(Timeout);
    }

    /// <summary>Sessions of <paramref name="a"/> (initiating) and <paramref name="b"/> over a new loopback connection; each owns its socket.</summary>
    private static async Task<ReplicationSession[]> StartSessionsAsync(FeedStore a, FeedStore b, ReplicationOptions options)
    {
        var (client, server) = await Loopback.ConnectedPairAsync();
        return await Task.WhenAll(a.StartReplicationAsync(client, true, options), b.StartReplicationAsync(server, false, options));
    }
}

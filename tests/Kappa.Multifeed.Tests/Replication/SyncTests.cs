using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Replication;

/// <summary>IsSynced / WhenSyncedAsync / ReplicationResult.Synced between two Kappa.NET stores (acks both ways).</summary>
public class SyncTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_live_pair_is_synced_after_the_first_exchange_and_again_after_each_append_moved()
    {
        using var dir = new TempDirectory("sync");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        var wa = await a.WriterAsync("local");
        await wa.AppendBatchAsync(Enumerable.Range(0, 100).Select(i => new { i }));
        await b.WriterAsync("local");
        var (client, server) = await Loopback.ConnectedPairAsync();
        var live = new ReplicationOptions { Live = true };
        var starting = new[] { a.StartReplicationAsync(client, isInitiator: true, live), b.StartReplicationAsync(server, isInitiator: false, live) };
        await using var left = await starting[0];
        await using var right = await starting[1];

        await Task.WhenAll(left.WhenSyncedAsync(), right.WhenSyncedAsync()).WaitAsync(Timeout);
        Assert.Equal(100, b.Feed(wa.Key.ToString())!.CountStored());

        for (var round = 0; round < 5; round++)
        {
            await wa.AppendAsync(new { round });
            await left.WhenSyncedAsync().WaitAsync(Timeout);
            // Synced on the writer's side means the peer acknowledged the block: it is stored there.
            Assert.True(b.Feed(wa.Key.ToString())!.Has(100 + round), $"round {round}");
        }
    }

    [Fact]
    public async Task A_non_live_session_between_two_stores_ends_synced_even_with_empty_writers()
    {
        using var dir = new TempDirectory("sync-empty");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await a.WriterAsync("local");
        await b.WriterAsync("local");
        var (client, server) = await Loopback.ConnectedPairAsync();
        using (client)
        using (server)
        {
            var results = await Task.WhenAll(a.ReplicateAsync(client, true), b.ReplicateAsync(server, false)).WaitAsync(Timeout);
            Assert.All(results, r => Assert.True(r.Synced));
            Assert.All(results, r => Assert.Equal(2, r.Feeds.Count));
        }
        Assert.Equal(2, a.Feeds.Count);
        Assert.All(b.Feeds, f => Assert.Equal(0, f.Length));
    }
}

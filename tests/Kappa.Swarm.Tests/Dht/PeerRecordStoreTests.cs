using System.Net;
using Kappa.Swarm.Dht;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>The announcement store of a full node: expiry, refresh, unannounce and its two memory bounds.</summary>
public class PeerRecordStoreTests
{
    private static NodeId Topic(int seed) => NodeId.FromBytes(LoopbackDht.Topic(seed));
    private static IPEndPoint Peer(int port) => new(IPAddress.Loopback, port);

    [Fact]
    public void Records_expire_after_12_minutes_unless_announced_again()
    {
        var time = new ManualTime();
        var store = new PeerRecordStore(time);
        store.Add(Topic(1), Peer(1000));
        store.Add(Topic(1), Peer(2000));
        time.Advance(TimeSpan.FromMinutes(7));
        store.Add(Topic(1), Peer(2000)); // the re-announce refreshes it
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal([Peer(2000)], store.Get(Topic(1), 128, exclude: null));
        time.Advance(TimeSpan.FromMinutes(7));
        Assert.Empty(store.Get(Topic(1), 128, exclude: null));
        Assert.Equal(0, store.Count);
        Assert.Equal(0, store.TopicCount);
    }

    [Fact]
    public void A_lookup_leaves_out_the_asker_and_returns_at_most_the_limit_newest_first()
    {
        var store = new PeerRecordStore(new ManualTime());
        for (var port = 1; port <= 200; port++) store.Add(Topic(2), Peer(port));
        var got = store.Get(Topic(2), 128, exclude: Peer(200));
        Assert.Equal(128, got.Count);
        Assert.Equal(Peer(199), got[0]);
        Assert.DoesNotContain(Peer(200), got);
    }

    [Fact]
    public void Unannounce_removes_only_that_record()
    {
        var store = new PeerRecordStore(new ManualTime());
        store.Add(Topic(3), Peer(1));
        store.Add(Topic(3), Peer(2));
        store.Remove(Topic(3), Peer(1));
        store.Remove(Topic(4), Peer(2)); // another topic: nothing to remove
        Assert.Equal([Peer(2)], store.Get(Topic(3), 128, exclude: null));
    }

    [Fact]
    public void A_flood_under_one_topic_evicts_that_topics_oldest_records_not_other_topics()
    {
        var store = new PeerRecordStore(new ManualTime(), maxTotal: 1000, maxPerTopic: 50);
        store.Add(Topic(5), Peer(9));
        for (var port = 1; port <= 10_000; port++) store.Add(Topic(6), Peer(port));
        Assert.Equal(51, store.Count);
        Assert.Equal([Peer(9)], store.Get(Topic(5), 128, exclude: null));
        Assert.Equal(Peer(10_000), store.Get(Topic(6), 1, exclude: null)[0]);
    }

    [Fact]
    public void A_flood_over_many_topics_keeps_the_total_bounded_by_evicting_the_oldest()
    {
        var store = new PeerRecordStore(new ManualTime(), maxTotal: 1000, maxPerTopic: 50);
        for (var i = 0; i < 20_000; i++) store.Add(Topic(100 + i), Peer(1 + i % 60_000));
        Assert.Equal(1000, store.Count);
        Assert.Equal(1000, store.TopicCount);
        Assert.Empty(store.Get(Topic(100), 128, exclude: null));
        Assert.Single(store.Get(Topic(100 + 19_999), 128, exclude: null));
    }
}

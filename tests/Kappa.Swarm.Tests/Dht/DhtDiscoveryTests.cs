using System.Net;
using System.Threading.Channels;
using Kappa.Swarm.Dht;
using Kappa.Swarm.Discovery;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>DhtDiscovery (the IPeerDiscovery the swarm uses) on 127.0.0.1, with rounds every 1–2 s instead of 5–10 min.</summary>
public class DhtDiscoveryTests
{
    private static DhtDiscovery Discovery(DhtNode bootstrap, Channel<DiscoveredPeer> found)
    {
        var discovery = DhtDiscovery.Start(LoopbackDht.Options(ephemeral: true, bootstrap.LocalEndPoint));
        discovery.Refresh = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        discovery.RetryAfterFailure = TimeSpan.FromMilliseconds(200);
        discovery.PeerFound += (_, p) => found.Writer.TryWrite(p);
        return discovery;
    }

    private static async Task<DiscoveredPeer> NextAsync(Channel<DiscoveredPeer> found, Func<DiscoveredPeer, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var peer in found.Reader.ReadAllAsync(timeout.Token))
            if (match(peer)) return peer;
        throw new InvalidOperationException("unreachable");
    }

    private static async Task<List<IPEndPoint>> LookupAllAsync(DhtNode node, byte[] topic)
    {
        var found = new List<IPEndPoint>();
        await foreach (var peer in node.LookupAsync(topic)) found.Add(peer.EndPoint);
        return found;
    }

    [Fact]
    public async Task Two_discoveries_on_one_topic_find_each_other_with_the_announced_ports()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        var topic = LoopbackDht.Topic(10);
        var foundByA = Channel.CreateUnbounded<DiscoveredPeer>();
        var foundByB = Channel.CreateUnbounded<DiscoveredPeer>();
        await using var a = Discovery(bootstrap, foundByA);
        await using var b = Discovery(bootstrap, foundByB);

        await using var joinA = await a.JoinAsync(topic, 7001, announce: true, lookup: true);
        await using var joinB = await b.JoinAsync(topic, 7002, announce: true, lookup: true);

        var seenByB = await NextAsync(foundByB, p => p.EndPoint.Port == 7001);
        Assert.Equal(PeerSource.Dht, seenByB.Source);
        Assert.Equal(IPAddress.Loopback, seenByB.EndPoint.Address);
        Assert.Equal(topic, seenByB.Topic.ToArray());
        var seenByA = await NextAsync(foundByA, p => p.EndPoint.Port == 7002);
        Assert.Equal(PeerSource.Dht, seenByA.Source);
    }

    [Fact]
    public async Task A_lookup_only_join_is_not_announced_and_leaving_an_announced_topic_unannounces_it()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        var topic = LoopbackDht.Topic(11);
        var foundByLooker = Channel.CreateUnbounded<DiscoveredPeer>();
        await using var announcer = Discovery(bootstrap, Channel.CreateUnbounded<DiscoveredPeer>());
        await using var looker = Discovery(bootstrap, foundByLooker);
        await using var checker = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);

        await using (var lookOnly = await looker.JoinAsync(topic, 7100, announce: false, lookup: true))
        {
            var join = await announcer.JoinAsync(topic, 7200, announce: true, lookup: false);
            Assert.Equal(7200, (await NextAsync(foundByLooker, _ => true)).EndPoint.Port);
            Assert.Equal([new IPEndPoint(IPAddress.Loopback, 7200)], await LookupAllAsync(checker, topic));

            await join.DisposeAsync();
            Assert.Empty(await LookupAllAsync(checker, topic));
        }
    }

    [Fact]
    public async Task Two_discoveries_joining_at_the_same_moment_find_each_other_in_the_early_second_round()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        var topic = LoopbackDht.Topic(12);
        var foundByA = Channel.CreateUnbounded<DiscoveredPeer>();
        var foundByB = Channel.CreateUnbounded<DiscoveredPeer>();
        await using var a = DhtDiscovery.Start(LoopbackDht.Options(ephemeral: true, bootstrap.LocalEndPoint)); // hyperswarm's 5-10 min refresh
        await using var b = DhtDiscovery.Start(LoopbackDht.Options(ephemeral: true, bootstrap.LocalEndPoint));
        a.PeerFound += (_, p) => foundByA.Writer.TryWrite(p);
        b.PeerFound += (_, p) => foundByB.Writer.TryWrite(p);
        await Task.WhenAll(a.Node.WhenBootstrapped, b.Node.WhenBootstrapped);

        var joins = await Task.WhenAll(a.JoinAsync(topic, 7301, true, true).AsTask(), b.JoinAsync(topic, 7302, true, true).AsTask());
        Assert.Equal(7302, (await NextAsync(foundByA, p => p.EndPoint.Port == 7302)).EndPoint.Port);
        Assert.Equal(7301, (await NextAsync(foundByB, p => p.EndPoint.Port == 7301)).EndPoint.Port);
        foreach (var join in joins) await join.DisposeAsync();
    }

    [Fact]
    public async Task Joining_needs_a_32_byte_topic_and_announce_or_lookup()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        await using var discovery = Discovery(bootstrap, Channel.CreateUnbounded<DiscoveredPeer>());
        Assert.Equal("KAPPA_DHT_ARGUMENT", (await Assert.ThrowsAsync<DhtException>(async () => await discovery.JoinAsync(new byte[31], 1, true, true))).Code);
        Assert.Equal("KAPPA_DHT_ARGUMENT", (await Assert.ThrowsAsync<DhtException>(async () => await discovery.JoinAsync(new byte[32], 1, false, false))).Code);
    }
}

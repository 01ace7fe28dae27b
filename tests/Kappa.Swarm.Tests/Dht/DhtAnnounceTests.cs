using System.Net;
using Kappa.Swarm.Dht;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>Announce, lookup and unannounce among C# nodes on 127.0.0.1 (a full C# bootstrap node, more full nodes, ephemeral clients).</summary>
public class DhtAnnounceTests
{
    private static async Task<List<DhtNode>> FullNodesAsync(DhtNode bootstrap, int count)
    {
        var nodes = new List<DhtNode>();
        for (var i = 0; i < count; i++) nodes.Add(await LoopbackDht.StartAsync(ephemeral: false, bootstrap.LocalEndPoint));
        return nodes;
    }

    private static async Task<List<IPEndPoint>> LookupAllAsync(DhtNode node, byte[] topic)
    {
        var found = new List<IPEndPoint>();
        await foreach (var peer in node.LookupAsync(topic)) found.Add(peer.EndPoint);
        return found;
    }

    [Fact]
    public async Task An_ephemeral_node_finds_what_another_ephemeral_node_announced()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        var full = await FullNodesAsync(bootstrap, 3);
        try
        {
            await using var announcer = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);
            await using var seeker = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);
            var topic = LoopbackDht.Topic(1);

            var announced = await announcer.AnnounceAsync(topic, 4242);
            Assert.Equal(4, announced.NodesUpdated); // every full node is among the 20 closest
            Assert.Empty(announced.Peers);

            var found = await LookupAllAsync(seeker, topic);
            Assert.Contains(new IPEndPoint(IPAddress.Loopback, 4242), found);
            Assert.All(found, p => Assert.Equal(4242, p.Port));
            Assert.Empty(await LookupAllAsync(seeker, LoopbackDht.Topic(2)));
        }
        finally
        {
            foreach (var n in full) await n.DisposeAsync();
        }
    }

    [Fact]
    public async Task Announcing_with_the_UDP_port_records_the_source_port_as_hyperswarm_does()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        await using var announcer = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);
        await using var seeker = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);
        var topic = LoopbackDht.Topic(3);
        await announcer.AnnounceAsync(topic, announcer.LocalEndPoint.Port);
        Assert.Equal([announcer.LocalEndPoint], await LookupAllAsync(seeker, topic));
        // The announcer's own lookup leaves its own record out (the node filters the asker).
        Assert.Empty((await announcer.AnnounceAsync(topic, announcer.LocalEndPoint.Port)).Peers);
    }

    [Fact]
    public async Task After_an_unannounce_lookups_no_longer_find_the_peer()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        var full = await FullNodesAsync(bootstrap, 2);
        try
        {
            await using var announcer = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);
            await using var seeker = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);
            var topic = LoopbackDht.Topic(4);
            await announcer.AnnounceAsync(topic, 5000);
            await announcer.AnnounceAsync(topic, 5001);
            Assert.Equal(2, (await LookupAllAsync(seeker, topic)).Distinct().Count());

            var removed = await announcer.UnannounceAsync(topic, 5000);
            Assert.Equal(3, removed.NodesUpdated);
            var left = await LookupAllAsync(seeker, topic);
            Assert.DoesNotContain(new IPEndPoint(IPAddress.Loopback, 5000), left);
            Assert.Contains(new IPEndPoint(IPAddress.Loopback, 5001), left);
        }
        finally
        {
            foreach (var n in full) await n.DisposeAsync();
        }
    }

    [Fact]
    public async Task Announcing_when_only_ephemeral_nodes_answer_is_a_typed_error()
    {
        await using var lonely = await LoopbackDht.StartAsync(ephemeral: true);
        await using var client = await LoopbackDht.StartAsync(ephemeral: true, lonely.LocalEndPoint);
        var e = await Assert.ThrowsAsync<DhtException>(() => client.AnnounceAsync(LoopbackDht.Topic(5), 4000));
        Assert.Equal("KAPPA_DHT_NO_NODES", e.Code);
    }
}

using System.Net;
using System.Net.Sockets;
using Kappa.Swarm.Dht;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>C# DHT nodes among themselves on 127.0.0.1.</summary>
public class DhtNodeTests
{
    [Fact]
    public async Task A_ping_is_answered_with_our_address_as_the_node_sees_it()
    {
        await using var full = LoopbackDht.Bootstrap();
        await using var client = await LoopbackDht.StartAsync(ephemeral: true, full.LocalEndPoint);
        var seen = await client.PingAsync(full.LocalEndPoint);
        Assert.Equal(client.LocalEndPoint, seen);
    }

    [Fact]
    public async Task Full_nodes_find_each_other_through_the_bootstrap_node()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        var nodes = new List<DhtNode>();
        try
        {
            for (var i = 0; i < 6; i++) nodes.Add(await LoopbackDht.StartAsync(ephemeral: false, bootstrap.LocalEndPoint));
            // A second bootstrap round (dht-rpc does it again while the table is small) learns the later nodes.
            foreach (var n in nodes) await n.BootstrapAsync();
            foreach (var n in nodes)
                Assert.True(n.RoutingTableSize >= 6, $"{n.LocalEndPoint} knows {n.RoutingTableSize} nodes, expected the bootstrap node and the 5 others");
            Assert.Equal(6, bootstrap.RoutingTableSize);
        }
        finally
        {
            foreach (var n in nodes) await n.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ephemeral_nodes_are_never_added_to_routing_tables()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        await using var client = await LoopbackDht.StartAsync(ephemeral: true, bootstrap.LocalEndPoint);
        await client.PingAsync(bootstrap.LocalEndPoint);
        Assert.Equal(0, bootstrap.RoutingTableSize);
        Assert.Equal(1, client.RoutingTableSize);
    }

    [Fact]
    public async Task An_unanswered_request_is_sent_three_times_then_fails_with_a_timeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = DhtNode.Start(LoopbackDht.Options(ephemeral: true));
        var e = await Assert.ThrowsAsync<DhtException>(() => client.PingAsync((IPEndPoint)silent.LocalEndPoint!));
        Assert.Equal("KAPPA_DHT_TIMEOUT", e.Code);
        var received = 0;
        var buffer = new byte[2048];
        while (silent.Available > 0)
        {
            silent.Receive(buffer);
            received++;
        }
        Assert.Equal(3, received);
    }

    [Fact]
    public async Task A_query_with_no_answering_node_is_a_typed_error()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = DhtNode.Start(LoopbackDht.Options(ephemeral: true, (IPEndPoint)silent.LocalEndPoint!));
        var e = await Assert.ThrowsAsync<DhtException>(() => client.BootstrapAsync());
        Assert.Equal("KAPPA_DHT_NO_NODES", e.Code);
    }

    [Fact]
    public async Task Binding_a_taken_port_is_a_typed_error()
    {
        await using var first = LoopbackDht.Bootstrap();
        var e = Assert.Throws<DhtException>(() => DhtNode.Start(LoopbackDht.Options(false) with { Port = first.LocalEndPoint.Port }));
        Assert.Equal("KAPPA_DHT_BIND", e.Code);
    }
}

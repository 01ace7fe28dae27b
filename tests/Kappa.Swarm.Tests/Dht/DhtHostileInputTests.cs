using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Kappa.Swarm.Dht;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>A full node under garbage, forged updates and a flood of bogus announcements, all from sockets on 127.0.0.1.</summary>
public class DhtHostileInputTests
{
    private static Socket Attacker()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static DhtMessage Request(DhtMessageType type, ulong rid, byte[] topic, byte[] value, byte[]? token = null) => new()
    {
        Version = 1, Type = type, Rid = rid, Target = topic, Command = "peers", Value = value, RoundtripToken = token,
    };

    // Re-sends every 500 ms: under a flood the node's receive buffer drops datagrams, the ask included.
    private static async Task<DhtMessage> AskAsync(Socket socket, IPEndPoint node, DhtMessage request)
    {
        var buffer = new byte[65536];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await socket.SendToAsync(DhtMessageCodec.Encode(request), node);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                while (true)
                {
                    var got = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                    var reply = DhtMessageCodec.Decode(buffer, 0, got.ReceivedBytes);
                    if (reply.Rid == request.Rid) return reply;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        throw new TimeoutException($"no answer to rid {request.Rid} in 10 s");
    }

    [Fact]
    public async Task Garbage_datagrams_are_counted_and_dropped_and_the_node_keeps_answering()
    {
        const int seed = 4711;
        var random = new Random(seed);
        await using var node = LoopbackDht.Bootstrap();
        using var attacker = Attacker();
        var valid = DhtMessageCodec.Encode(Request(DhtMessageType.Query, 1, LoopbackDht.Topic(1), []));
        for (var i = 0; i < 2000; i++)
        {
            var junk = i % 2 == 0 ? new byte[random.Next(0, 1400)] : (byte[])valid.Clone();
            if (i % 2 == 0) random.NextBytes(junk);
            else junk[random.Next(junk.Length)] ^= (byte)(1 << random.Next(8));
            await attacker.SendToAsync(junk, node.LocalEndPoint);
        }
        await using var client = await LoopbackDht.StartAsync(ephemeral: true, node.LocalEndPoint);
        Assert.Equal(client.LocalEndPoint, await client.PingAsync(node.LocalEndPoint));
        Assert.True(node.Rpc.BadDatagrams > 0, $"seed {seed}: no datagram was counted as bad");
    }

    [Fact]
    public async Task An_update_without_a_token_we_issued_stores_nothing()
    {
        await using var node = LoopbackDht.Bootstrap();
        using var attacker = Attacker();
        var announce = new PeersInput { Port = 9000 }.ToByteArray();
        await attacker.SendToAsync(DhtMessageCodec.Encode(Request(DhtMessageType.Update, 1, LoopbackDht.Topic(2), announce)), node.LocalEndPoint);
        await attacker.SendToAsync(DhtMessageCodec.Encode(Request(DhtMessageType.Update, 2, LoopbackDht.Topic(2), announce, new byte[32])), node.LocalEndPoint);
        // A real query afterwards is answered (so the updates above were processed first) and lists nobody.
        var answer = await AskAsync(attacker, node.LocalEndPoint, Request(DhtMessageType.Query, 3, LoopbackDht.Topic(2), []));
        Assert.Null(DhtPayloads.ReadPeers(answer.Value));
        Assert.Equal(0, node.StoredAnnouncements);
    }

    [Fact]
    public async Task A_flood_of_bogus_announcements_keeps_memory_bounded_and_real_queries_answered()
    {
        const int seed = 1234;
        var random = new Random(seed);
        var options = LoopbackDht.Options(ephemeral: false) with { MaxRecords = 2000, MaxRecordsPerTopic = 100 };
        await using var node = DhtNode.Start(options);
        using var attacker = Attacker(); // never reads: the node's answers to the flood pile up and drop
        using var asker = Attacker();
        // One genuine query gives the attacker a valid token for its IP (tokens bind the host, as dht-rpc's do).
        var token = (await AskAsync(attacker, node.LocalEndPoint, Request(DhtMessageType.Query, 1, LoopbackDht.Topic(3), []))).RoundtripToken!;
        var hotTopic = LoopbackDht.Topic(3);
        for (var i = 0; i < 30_000; i++)
        {
            var topic = i % 3 == 0 ? hotTopic : LoopbackDht.Topic(random.Next());
            var value = new PeersInput { Port = (uint)random.Next(1, 65536) }.ToByteArray();
            await attacker.SendToAsync(DhtMessageCodec.Encode(Request(DhtMessageType.Update, (ulong)(i & 0xFFFF), topic, value, token)), node.LocalEndPoint);
            if (i % 1000 == 999) await AskAsync(asker, node.LocalEndPoint, Request(DhtMessageType.Query, 65535, hotTopic, [])); // pace the flood to what UDP buffers hold
        }
        Assert.True(node.StoredAnnouncements <= 2000, $"seed {seed}: {node.StoredAnnouncements} records stored, bound is 2000");
        Assert.True(node.StoredAnnouncements > 1000, $"seed {seed}: only {node.StoredAnnouncements} records stored; the flood did not reach the bound");
        var hot = await AskAsync(asker, node.LocalEndPoint, Request(DhtMessageType.Query, 65534, hotTopic, []));
        Assert.True(DhtPayloads.ReadPeers(hot.Value)!.Count <= 100, $"seed {seed}: more than the per-topic bound");

        // Real nodes still announce and find each other through it.
        await using var announcer = await LoopbackDht.StartAsync(ephemeral: true, node.LocalEndPoint);
        await using var seeker = await LoopbackDht.StartAsync(ephemeral: true, node.LocalEndPoint);
        var realTopic = LoopbackDht.Topic(-1);
        await announcer.AnnounceAsync(realTopic, 4321);
        var found = new List<IPEndPoint>();
        await foreach (var peer in seeker.LookupAsync(realTopic)) found.Add(peer.EndPoint);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 4321)], found);
    }
}

using System.Net;
using System.Text.Json;
using Kappa.Swarm.Dht;
using Kappa.TestSupport;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>
/// C# nodes and real @hyperswarm/dht 4.0.1 nodes (tests/interop/lib/dht-node.js) in one private
/// DHT on 127.0.0.1: each side finds what the other announced, sees the other's unannounce, and
/// each can be the other's bootstrap node.
/// </summary>
public class DhtJsInteropTests
{
    private static async Task<(NodeScript Node, IPEndPoint EndPoint)> StartJsAsync(params string[] args)
    {
        var js = NodeScript.Start("dht-node.js", args);
        var listening = await js.WaitForAsync("listening");
        await js.WaitForAsync("ready");
        return (js, new IPEndPoint(IPAddress.Loopback, listening.GetProperty("port").GetInt32()));
    }

    private static string Hex(byte[] topic) => Convert.ToHexStringLower(topic);

    private static async Task<List<string>> JsLookupAsync(NodeScript js, byte[] topic, string reference)
    {
        await js.SendAsync(new { op = "lookup", topic = Hex(topic), @ref = reference });
        var result = await js.WaitForAsync("lookup", l => l.GetProperty("ref").GetString() == reference);
        return [.. result.GetProperty("peers").EnumerateArray().Select(p => p.GetString()!)];
    }

    private static async Task<List<IPEndPoint>> LookupAllAsync(DhtNode node, byte[] topic)
    {
        var found = new List<IPEndPoint>();
        await foreach (var peer in node.LookupAsync(topic)) found.Add(peer.EndPoint);
        return found;
    }

    [JsFact]
    public async Task With_a_JS_bootstrap_node_each_side_finds_what_the_other_announced_and_sees_its_unannounce()
    {
        var (jsBootstrap, bootstrapAt) = await StartJsAsync("--full");
        await using var _ = jsBootstrap;
        var (jsClient, _) = await StartJsAsync("--bootstrap", $"127.0.0.1:{bootstrapAt.Port}");
        await using var __ = jsClient;
        await using var csharp = await LoopbackDht.StartAsync(ephemeral: true, bootstrapAt);
        var topic = LoopbackDht.Topic(20);

        // C# announces; the JS full node stores it and a JS lookup finds it.
        var announced = await csharp.AnnounceAsync(topic, 7400);
        Assert.Equal(1, announced.NodesUpdated);
        await jsBootstrap.WaitForAsync("stored", l => l.GetProperty("peer").GetString() == "127.0.0.1:7400");
        Assert.Contains("127.0.0.1:7400", await JsLookupAsync(jsClient, topic, "after-cs-announce"));

        // JS announces; C# finds it.
        await jsClient.SendAsync(new { op = "announce", topic = Hex(topic), port = 7500 });
        await jsClient.WaitForAsync("announced");
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 7500), await LookupAllAsync(csharp, topic));

        // Each side's unannounce is seen by the other.
        await csharp.UnannounceAsync(topic, 7400);
        await jsBootstrap.WaitForAsync("removed", l => l.GetProperty("peer").GetString() == "127.0.0.1:7400");
        Assert.DoesNotContain("127.0.0.1:7400", await JsLookupAsync(jsClient, topic, "after-cs-unannounce"));
        await jsClient.SendAsync(new { op = "unannounce", topic = Hex(topic), port = 7500 });
        await jsClient.WaitForAsync("unannounced");
        Assert.DoesNotContain(new IPEndPoint(IPAddress.Loopback, 7500), await LookupAllAsync(csharp, topic));
    }

    [JsFact]
    public async Task JS_nodes_use_a_full_CSharp_node_as_their_bootstrap()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        var bootstrapArg = $"127.0.0.1:{bootstrap.LocalEndPoint.Port}";
        var (announcer, _) = await StartJsAsync("--bootstrap", bootstrapArg);
        await using var _a = announcer;
        var (seeker, _) = await StartJsAsync("--bootstrap", bootstrapArg);
        await using var _s = seeker;
        var topic = LoopbackDht.Topic(21);

        await announcer.SendAsync(new { op = "announce", topic = Hex(topic), port = 7600 });
        var done = await announcer.WaitForAsync("announced", seconds: 30);
        Assert.Equal(JsonValueKind.Array, done.GetProperty("peers").ValueKind);
        Assert.Equal(1, bootstrap.StoredAnnouncements);
        Assert.Equal(["127.0.0.1:7600"], await JsLookupAsync(seeker, topic, "js-on-cs"));

        await seeker.SendAsync(new { op = "ping", host = "127.0.0.1", port = bootstrap.LocalEndPoint.Port });
        var pong = await seeker.WaitForAsync("pong");
        Assert.StartsWith("127.0.0.1:", pong.GetProperty("seen").GetString(), StringComparison.Ordinal);

        await announcer.SendAsync(new { op = "unannounce", topic = Hex(topic), port = 7600 });
        await announcer.WaitForAsync("unannounced");
        Assert.Equal(0, bootstrap.StoredAnnouncements);
        Assert.Empty(await JsLookupAsync(seeker, topic, "js-on-cs-after"));
    }

    [JsFact]
    public async Task A_full_CSharp_node_joins_a_JS_network_and_stores_JS_announcements()
    {
        var (jsBootstrap, bootstrapAt) = await StartJsAsync("--full");
        await using var _ = jsBootstrap;
        await using var full = await LoopbackDht.StartAsync(ephemeral: false, bootstrapAt);
        Assert.Equal(full.LocalEndPoint, await full.PingAsync(bootstrapAt)); // a JS pong carries our address
        var (jsClient, _) = await StartJsAsync("--bootstrap", $"127.0.0.1:{bootstrapAt.Port}");
        await using var __ = jsClient;
        var topic = LoopbackDht.Topic(22);

        await jsClient.SendAsync(new { op = "announce", topic = Hex(topic), port = 7700 });
        await jsClient.WaitForAsync("announced");
        // The JS client learned the C# full node from the JS bootstrap's closerNodes and updated both.
        Assert.Equal(1, full.StoredAnnouncements);
    }
}

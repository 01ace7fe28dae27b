using System.Net;
using Kappa.Swarm.Dht;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>DHT nodes for tests: bound to 127.0.0.1 and bootstrapped only from nodes on 127.0.0.1, never the public list.</summary>
internal static class LoopbackDht
{
    // Shorter than dht-rpc's (1.5 s / 6 s) so silent-node tests end sooner, long enough for a loaded CI machine.
    public static readonly DhtTimings FastTimings = new()
    {
        RetryInterval = TimeSpan.FromMilliseconds(600),
        Timeout = TimeSpan.FromSeconds(3),
        Tick = TimeSpan.FromSeconds(1),
    };

    public static DhtOptions Options(bool ephemeral, params IPEndPoint[] bootstrap) => new()
    {
        BindAddress = IPAddress.Loopback,
        Bootstrap = [.. bootstrap.Select(b => $"127.0.0.1:{b.Port}")],
        Ephemeral = ephemeral,
        Timings = FastTimings,
    };

    /// <summary>The first full node of a private network (no bootstrap).</summary>
    public static DhtNode Bootstrap() => DhtNode.Start(Options(ephemeral: false));

    public static async Task<DhtNode> StartAsync(bool ephemeral, params IPEndPoint[] bootstrap)
    {
        var node = DhtNode.Start(Options(ephemeral, bootstrap));
        await node.WhenBootstrapped.WaitAsync(TimeSpan.FromSeconds(30));
        return node;
    }

    public static byte[] Topic(int seed)
    {
        var topic = new byte[32];
        new Random(seed).NextBytes(topic);
        return topic;
    }
}

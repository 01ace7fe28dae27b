using Kappa.Multifeed.Store;
using Kappa.Swarm.Discovery;
using Kappa.TestSupport;
using static Kappa.Swarm.Tests.Swarm.SwarmFixture;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>Two C# swarms that meet only through the DHT (no LAN, no manual address), with a full C# node on 127.0.0.1 as the only bootstrap.</summary>
public class DhtSwarmTests
{
    [Fact]
    public async Task Two_swarms_find_each_other_through_a_private_CSharp_bootstrap_node_and_sync()
    {
        await using var bootstrap = LoopbackDht.Bootstrap();
        using var dir = new TempDirectory("dht-swarm");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await (await a.WriterAsync("a")).AppendBatchAsync(new[] { 1, 2 });
        await (await b.WriterAsync("b")).AppendBatchAsync(new[] { "x", "y", "z" });
        var options = Loopback() with { Dht = true, Bootstrap = [$"127.0.0.1:{bootstrap.LocalEndPoint.Port}"] };

        await using var sa = await a.JoinSwarmAsync(options);
        await using var sb = await b.JoinSwarmAsync(options);
        // The first DHT round runs at join: whichever swarm announced second finds the first at once.
        await WaitUntilAsync(() => Entries(a) == 5 && Entries(b) == 5, "both stores hold all 5 entries");
        Assert.Equal(await DumpAsync(a), await DumpAsync(b));
        Assert.Contains(sa.Peers.Concat(sb.Peers), p => p.Source == PeerSource.Dht);
        await WaitUntilAsync(() => bootstrap.StoredAnnouncements == 2, "the bootstrap node stores both announcements");
    }
}

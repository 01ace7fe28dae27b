using System.Net;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Multifeed.Replication;
using Kappa.Swarm;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Views;

public class SwarmIndexingTests
{
    [Fact]
    public async Task Two_cores_on_one_swarm_index_each_others_entries_as_they_arrive()
    {
        using var dir = new TempDirectory("core-swarm");
        await using var a = await KappaCore.OpenAsync(dir.Combine("a"));
        await using var b = await KappaCore.OpenAsync(dir.Combine("b"));
        var sumB = b.Use("sum", 1, new SumView(new MemoryViewStore()));
        await (await a.WriterAsync("a")).AppendBatchAsync(new[] { 1, 2, 3 });
        // loopback only: no multicast, no DHT, the peer given by address
        var options = new SwarmOptions { Port = 0, ListenAddress = IPAddress.Loopback, Lan = false, Dht = false, Replication = new ReplicationOptions { Live = true } };
        await using var sa = await a.JoinSwarmAsync(options);
        await using var sb = await b.JoinSwarmAsync(options);
        sb.AddPeer(new IPEndPoint(IPAddress.Loopback, sa.Port));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await sumB.GetAsync(cts.Token) != 6) await Task.Delay(25, cts.Token);
        await (await a.WriterAsync("a")).AppendAsync(4);
        while (await sumB.GetAsync(cts.Token) != 10) await Task.Delay(25, cts.Token);
    }
}

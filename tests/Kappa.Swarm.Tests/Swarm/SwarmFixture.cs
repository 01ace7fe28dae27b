using System.Net;
using System.Text.Json;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;

namespace Kappa.Swarm.Tests.Swarm;

/// <summary>Helpers for swarms on loopback: no multicast, no DHT, peers added by address.</summary>
internal static class SwarmFixture
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static SwarmOptions Loopback(bool live = true) => new()
    {
        Port = 0,
        ListenAddress = IPAddress.Loopback,
        Lan = false,
        Dht = false,
        Replication = new ReplicationOptions { Live = live },
        Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)],
    };

    public static IPEndPoint EndPoint(KappaSwarm swarm) => new(IPAddress.Loopback, swarm.Port);

    public static async Task<List<string>> DumpAsync(FeedStore store)
    {
        var lines = new List<string>();
        foreach (var feed in store.Feeds.OrderBy(f => f.Key.ToString()))
            await foreach (var e in feed.ReadAsync<JsonElement>())
                lines.Add($"{feed.Key} {e.Seq} {e.Value.GetRawText()}");
        return lines;
    }

    public static long Entries(FeedStore store) => store.Feeds.Sum(f => f.Length);

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Wait);
        try
        {
            while (!condition()) await Task.Delay(25, cts.Token);
        }
        catch (OperationCanceledException) { throw new TimeoutException("timed out waiting until " + what); }
    }
}

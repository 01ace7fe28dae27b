using System.Globalization;
using System.Text.Json;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Cli.Tests.Chaos;

/// <summary>
/// A swarm under chaos on a LAN of the test's own (<see cref="BridgedLan"/>: one namespace per
/// peer, multicast DNS only): 6 C# <c>kappa swarm</c> and 4 JS hyperswarm 2 + kappa-core 6 peers
/// join at random moments, leave, are killed with kill -9 and come back with entries appended
/// while they were down; links are cut and slowed. Afterwards every acknowledged entry is on
/// every peer, and the C# peers that ran throughout hold no more memory, descriptors or threads
/// than the churn justifies. Seeded (KAPPA_SEED); KAPPA_CHAOS_SECONDS sets the chaos time (CI: 40,
/// scripts/reliability-long.sh: longer).
/// </summary>
public class SwarmChaosTests(ITestOutputHelper output)
{
    private const int CsPeers = 6, JsPeers = 4, Steady = 2, FdsPerFeed = 8;
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(150);

    private static int ChaosSeconds => int.TryParse(Environment.GetEnvironmentVariable("KAPPA_CHAOS_SECONDS"), out var s) ? s : 40;

    [NamespaceFact]
    public async Task Ten_CSharp_and_JS_peers_under_kills_cuts_and_slow_links_end_with_every_acknowledged_entry_and_bounded_resources()
    {
        var seed = Environment.GetEnvironmentVariable("KAPPA_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var rng = new Random(seed);
        var tally = new ChaosTally(seed);
        using var dir = new TempDirectory("swarm-chaos");
        var key = Convert.ToHexStringLower(RandomBytes(rng, 32));
        using var lan = BridgedLan.Create(CsPeers + JsPeers);
        // peers 0…Steady-1 are C# peers that run throughout (their resources are watched); the rest churn
        var peers = Enumerable.Range(0, CsPeers + JsPeers)
            .Select(i => new ChaosPeer(i, js: i >= CsPeers, lan.Hosts[i], dir.Combine("p" + i.ToString(CultureInfo.InvariantCulture)), key)).ToList();
        var acknowledged = new List<string>();
        var links = new ChaosLinks(lan, rng, tally);
        try
        {
            foreach (var p in peers) acknowledged.AddRange(await p.AppendAsync(3));
            var order = peers.OrderBy(_ => rng.Next()).ToList();
            var start = DateTime.UtcNow;
            var end = start.AddSeconds(ChaosSeconds);
            // half join within 3 s, the others at random moments during the chaos
            for (var i = 0; i < order.Count; i++)
                order[i].BackAt = start.AddMilliseconds(order[i].Index < Steady || i < order.Count / 2 ? rng.Next(0, 3000) : rng.Next(3000, ChaosSeconds * 1000 / 2));
            output.WriteLine($"seed {seed} (KAPPA_SEED={seed}), {ChaosSeconds} s of chaos");
            var warm = new ProcessSample?[Steady];
            var warmFeeds = new int[Steady];
            while (DateTime.UtcNow < end)
            {
                await Task.Delay(rng.Next(200, 1200));
                var now = DateTime.UtcNow;
                foreach (var p in peers.Where(p => p.Process is null && p.BackAt <= now))
                {
                    if (tally.Joins >= peers.Count && rng.Next(2) == 0) acknowledged.AddRange(await p.AppendAsync(rng.Next(1, 6)));
                    p.Start();
                    tally.Joins++;
                }
                links.Tick(now);
                if (warm[0] is null && now > start.AddSeconds(ChaosSeconds / 4.0))
                    for (var i = 0; i < Steady; i++) (warm[i], warmFeeds[i]) = (ProcessSample.Read(peers[i].Process!.Id), peers[i].Feeds);
                var churners = peers.Where(p => p.Index >= Steady && p.Process is not null).ToList();
                switch (rng.Next(5))
                {
                    case 0 when churners.Count > 0:
                        var victim = churners[rng.Next(churners.Count)];
                        await victim.KillAsync();
                        victim.BackAt = now.AddMilliseconds(rng.Next(500, 5000));
                        tally.Kills++;
                        break;
                    case 1 when churners.Count > 0:
                        var leaver = churners[rng.Next(churners.Count)];
                        await leaver.LeaveAsync();
                        leaver.BackAt = now.AddMilliseconds(rng.Next(500, 5000));
                        tally.Leaves++;
                        break;
                    case 2:
                        links.CutOne(now);
                        break;
                    case 3:
                        links.SlowOne(now);
                        break;
                    default:
                        break; // a quiet moment
                }
            }

            links.HealAll();
            foreach (var p in peers.Where(p => p.Process is null))
            {
                acknowledged.AddRange(await p.AppendAsync(rng.Next(1, 4)));
                p.Start();
                tally.Joins++;
            }
            tally.Entries = acknowledged.Count;
            foreach (var p in peers)
            {
                try { await p.Process!.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == acknowledged.Count, Converge); }
                catch (JsTimeoutException) { Assert.Fail($"{tally}: {p.Name} holds {p.Entries} of {acknowledged.Count} acknowledged entries {Converge.TotalSeconds} s after the chaos ended\n{p.Process!.Describe()}"); }
            }

            for (var i = 0; i < Steady; i++)
            {
                var last = ProcessSample.Read(peers[i].Process!.Id)!;
                output.WriteLine($"{peers[i].Name}: {warm[i]}, {warmFeeds[i]} feeds at a quarter of the chaos; {last}, {peers[i].Feeds} feeds at the end");
                AssertBounded(tally, peers[i].Name, warm[i]!, last, peers[i].Feeds - warmFeeds[i]);
            }
            foreach (var p in peers.Where(p => !p.IsJs && p.Index >= Steady))
                output.WriteLine($"{p.Name} (restarted): {ProcessSample.Read(p.Process!.Id)}");
            foreach (var p in peers) Assert.True(await p.Process!.StopAsync(TimeSpan.FromSeconds(20)) is 0 or 143, $"{tally}: {p.Name} did not stop cleanly\n{p.Process.Describe()}");
        }
        finally
        {
            foreach (var p in peers) if (p.Process is not null) await p.Process.DisposeAsync();
        }

        var expected = acknowledged.Order(StringComparer.Ordinal).ToList();
        foreach (var p in peers)
        {
            var held = await ValuesAsync(p.Store);
            Assert.True(held.SequenceEqual(expected), $"{tally}: {p.Name}'s store holds {held.Count} entries, not exactly the {expected.Count} acknowledged; missing {string.Join(',', expected.Except(held).Take(10))}");
        }
        output.WriteLine(tally.ToString());
    }

    /// <summary>
    /// A C# peer that ran through the whole chaos: what it holds at the end is what it held a
    /// quarter in, plus the files of the feeds it learnt of since (a feed keeps its storage files
    /// open: at most <see cref="FdsPerFeed"/>) and headroom for the connections open at that moment.
    /// A descriptor, thread or buffer leaked per connection or per kill would exceed it in the long run.
    /// </summary>
    private static void AssertBounded(ChaosTally tally, string name, ProcessSample warm, ProcessSample last, int newFeeds)
    {
        var fdBound = warm.Fds + FdsPerFeed * newFeeds + 40;
        Assert.True(last.Fds <= fdBound, $"{tally}: {name}'s file descriptors grew from {warm.Fds} to {last.Fds} (bound {fdBound} with {newFeeds} new feeds)");
        Assert.True(last.Threads <= warm.Threads + 16, $"{tally}: {name}'s threads grew from {warm.Threads} to {last.Threads}");
        Assert.True(last.RssKiB <= warm.RssKiB * 3 / 2 + 64 * 1024, $"{tally}: {name}'s resident memory grew from {warm.RssKiB} KiB to {last.RssKiB} KiB");
    }

    private static async Task<List<string>> ValuesAsync(string path)
    {
        await using var store = await FeedStore.OpenAsync(path, new FeedStoreOptions { ReadOnly = true });
        var values = new List<string>();
        foreach (var feed in store.Feeds)
            await foreach (var e in feed.ReadAsync<JsonElement>())
                values.Add(e.Value.GetRawText());
        return [.. values.Order(StringComparer.Ordinal)];
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var bytes = new byte[n];
        rng.NextBytes(bytes);
        return bytes;
    }
}

using System.Text.Json;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests;

/// <summary>Many <c>kappa swarm</c> processes on one LAN (a network namespace of the test's own), and the DHT path.</summary>
public class SwarmConvergenceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(150);

    [NamespaceFact]
    public async Task Ten_peers_joining_at_random_moments_with_some_killed_and_restarted_all_converge()
    {
        var seed = Environment.GetEnvironmentVariable("KAPPA_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var rng = new Random(seed);
        const int Peers = 10, Entries = 2;
        using var dir = new TempDirectory("swarm-10");
        for (var i = 0; i < Peers; i++)
        {
            await using var store = await FeedStore.OpenAsync(dir.Combine("p" + i));
            await (await store.WriterAsync("local")).AppendBatchAsync(Enumerable.Range(0, Entries).Select(n => new { peer = i, n }));
        }
        using var ns = NetworkNamespace.Create();
        var running = new JsProcess?[Peers];
        try
        {
            JsProcess Start(int i) => JsReference.StartKappaIn(ns, ["swarm", "--store", dir.Combine("p" + i), "--no-dht", "--json"]);
            foreach (var i in Enumerable.Range(0, Peers).OrderBy(_ => rng.Next()))
            {
                await Task.Delay(rng.Next(0, 800));
                running[i] = Start(i);
            }
            var victims = Enumerable.Range(0, Peers).OrderBy(_ => rng.Next()).Take(3).ToArray();
            foreach (var v in victims)
            {
                await running[v]!.WaitForLineAsync(l => l.IsEvent("connected"), Wait);
                await running[v]!.DisposeAsync(); // kill -9 of the whole tree
                await Task.Delay(rng.Next(0, 1500));
                running[v] = Start(v);
            }
            for (var i = 0; i < Peers; i++)
            {
                try { await running[i]!.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == Peers * Entries, Wait); }
                catch (JsTimeoutException e) { Assert.Fail($"peer {i} did not converge (seed {seed}, killed {string.Join(',', victims)}): {e.Message}"); }
            }
            for (var i = 0; i < Peers; i++) Assert.True(await running[i]!.StopAsync(TimeSpan.FromSeconds(30)) == 0, $"peer {i} did not stop cleanly (seed {seed})");
        }
        finally
        {
            foreach (var p in running) if (p is not null) await p.DisposeAsync();
        }
        var first = await DumpAsync(dir.Combine("p0"));
        Assert.Equal(Peers * Entries, first.Count);
        for (var i = 1; i < Peers; i++) Assert.True(first.SequenceEqual(await DumpAsync(dir.Combine("p" + i))), $"store {i} differs from store 0 (seed {seed})");
    }

    [NamespaceFact]
    public async Task A_JS_hyperswarm_peer_and_kappa_swarm_find_each_other_through_a_private_DHT_only()
    {
        using var dir = new TempDirectory("swarm-dht");
        await using (var store = await FeedStore.OpenAsync(dir.Combine("cs")))
            await (await store.WriterAsync("local")).AppendBatchAsync(new[] { "c1", "c2" });
        using var ns = NetworkNamespace.Create(); // the JS peer also speaks multicast DNS: keep it inside
        await using var bootstrap = JsReference.StartScriptIn(ns, "dht-node.js", ["--full"]);
        var port = (await bootstrap.WaitForLineAsync(l => l.IsEvent("listening"), Wait)).GetProperty("port").GetInt32();
        var node = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var js = JsReference.StartIn(ns, ["swarm", "--store", dir.Combine("js"), "--append", "3", "--bootstrap", node]);
        await js.WaitForLineAsync(l => l.IsEvent("listening"), Wait);
        // --no-lan: we neither announce nor listen on multicast DNS, so every peer we meet came through the DHT
        await using var cs = JsReference.StartKappaIn(ns, ["swarm", "--store", dir.Combine("cs"), "--no-lan", "--bootstrap", node, "--json"]);
        await cs.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == 5, Wait);
        await js.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == 5, Wait);
        Assert.Contains(cs.Lines, l => l.IsEvent("found") && l.Is("source", "dht"));
        Assert.Equal(0, await cs.StopAsync());
    }

    private static async Task<List<string>> DumpAsync(string path)
    {
        await using var store = await FeedStore.OpenAsync(path, new FeedStoreOptions { ReadOnly = true });
        var lines = new List<string>();
        foreach (var feed in store.Feeds.OrderBy(f => f.Key.ToString()))
            await foreach (var e in feed.ReadAsync<JsonElement>())
                lines.Add($"{feed.Key} {e.Seq} {e.Value.GetRawText()}");
        return lines;
    }
}

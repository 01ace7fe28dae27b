using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests;

/// <summary>
/// <c>kappa swarm</c> with real peers. Every test that uses multicast DNS runs its processes in a
/// network namespace of its own (multicast never leaves the machine); the others use neither the
/// LAN nor the DHT.
/// </summary>
public class SwarmCommandTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [NamespaceFact]
    public async Task A_JS_hyperswarm_peer_and_kappa_swarm_find_each_other_over_multicast_DNS_and_end_with_every_entry()
    {
        using var dir = new TempDirectory("swarm-js");
        await AppendAsync(dir.Combine("cs"), "c1", "c2", "c3", "c4");
        using var ns = NetworkNamespace.Create();
        await using var js = JsReference.StartIn(ns, ["swarm", "--store", dir.Combine("js"), "--append", "3"]);
        await js.WaitForLineAsync(l => l.IsEvent("listening"), Wait);
        await using var cs = JsReference.StartKappaIn(ns, ["swarm", "--store", dir.Combine("cs"), "--no-dht", "--json"]);
        var listening = await cs.WaitForLineAsync(l => l.IsEvent("listening"), Wait);
        Assert.Equal(13331, listening.GetProperty("port").GetInt32()); // cabal's first port, free in a fresh namespace

        await cs.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == 7, Wait);
        await js.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == 7, Wait);
        // found both ways through multicast DNS: we dialled the JS peer, and it dialled us
        await cs.WaitForLineAsync(l => l.IsEvent("connected") && l.Is("source", "lan") && l.GetProperty("initiator").GetBoolean(), Wait);
        await js.WaitForLineAsync(l => l.IsEvent("connection") && l.GetProperty("client").GetBoolean(), Wait);

        Assert.Equal(0, await cs.StopAsync());
        await js.StopAsync();
        var dump = await KappaTool.RunAsync(["cat", "--store", dir.Combine("cs")]);
        Assert.Equal(7, dump.Lines.Count);
        Assert.Equal(3, dump.Lines.Count(l => l.Contains("\"from\":\"js\"", StringComparison.Ordinal)));
    }

    [NamespaceFact]
    public async Task Until_synced_exits_0_once_two_kappa_peers_on_the_LAN_hold_each_others_entries()
    {
        using var dir = new TempDirectory("swarm-sync");
        await AppendAsync(dir.Combine("a"), "a1", "a2");
        await AppendAsync(dir.Combine("b"), "b1");
        using var ns = NetworkNamespace.Create();
        await using var a = JsReference.StartKappaIn(ns, ["swarm", "--store", dir.Combine("a"), "--no-dht", "--until-synced", "--json"]);
        await using var b = JsReference.StartKappaIn(ns, ["swarm", "--store", dir.Combine("b"), "--no-dht", "--until-synced", "--json"]);
        Assert.Equal(0, await a.WaitForExitAsync(Wait));
        Assert.Equal(0, await b.WaitForExitAsync(Wait));
        Assert.Contains(a.Lines, l => l.IsEvent("synced"));
        foreach (var store in new[] { "a", "b" })
            Assert.Equal(3, (await KappaTool.RunAsync(["cat", "--store", dir.Combine(store)])).Lines.Count);
    }

    [NamespaceFact]
    public async Task Until_synced_exits_0_against_a_live_JS_hyperswarm_peer_once_the_peer_confirmed_it_holds_our_entries()
    {
        using var dir = new TempDirectory("swarm-live-js");
        await AppendAsync(dir.Combine("cs"), "c1", "c2");
        using var ns = NetworkNamespace.Create();
        await using var js = JsReference.StartIn(ns, ["swarm", "--store", dir.Combine("js"), "--append", "3"]);
        await js.WaitForLineAsync(l => l.IsEvent("listening"), Wait);
        await using var cs = JsReference.StartKappaIn(ns, ["swarm", "--store", dir.Combine("cs"), "--no-dht", "--until-synced", "--json"]);
        Assert.Equal(0, await cs.WaitForExitAsync(Wait));
        Assert.Contains(cs.Lines, l => l.IsEvent("synced"));
        // "the peer got ours" was known, not assumed: the live JS peer holds both of our entries
        await js.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == 5, Wait);
        Assert.Equal(5, (await KappaTool.RunAsync(["cat", "--store", dir.Combine("cs")])).Lines.Count);
    }

    [Fact]
    public async Task Until_synced_without_any_peer_fails_with_a_one_line_reason_after_the_timeout()
    {
        using var dir = new TempDirectory("swarm-alone");
        await AppendAsync(dir.Combine("a"), "x");
        var result = await KappaTool.RunAsync(["swarm", "--store", dir.Combine("a"), "--no-lan", "--no-dht", "--until-synced", "--timeout", "1", "--json"]);
        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kappa: no sync with a peer completed within 1 s", error, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task SIGTERM_stops_kappa_swarm_and_closes_its_connection_to_the_JS_peer()
    {
        using var dir = new TempDirectory("swarm-stop");
        using var ns = NetworkNamespace.Create();
        await using var js = JsReference.StartIn(ns, ["swarm", "--store", dir.Combine("js"), "--append", "1"]);
        await js.WaitForLineAsync(l => l.IsEvent("listening"), Wait);
        await using var cs = JsReference.StartKappaIn(ns, ["swarm", "--store", dir.Combine("cs"), "--no-dht", "--json"]);
        await cs.WaitForLineAsync(l => l.IsEvent("entries") && l.GetProperty("total").GetInt64() == 1, Wait);
        var connections = js.Lines.Count(l => l.IsEvent("connection"));

        Assert.Equal(0, await cs.StopAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(cs.Lines, l => l.IsEvent("stopped"));
        // every connection the JS peer had with us ends
        await js.WaitForLineAsync(_ => js.Lines.Count(l => l.IsEvent("disconnection")) >= connections, Wait);
    }

    private static async Task AppendAsync(string store, params string[] values)
    {
        var result = await KappaTool.RunAsync(["append", "--store", store, .. values.Select(v => JsonSerializer.Serialize(v))]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}

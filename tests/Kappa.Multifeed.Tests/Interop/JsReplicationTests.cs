using System.Diagnostics;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Multifeed.Tests.Interop;

// JS ⇄ JS over real TCP on 127.0.0.1, non-live. Every store here has data of its own: with one
// side empty, multifeed 5 sometimes ends the session before any block moved (tests/interop/README.md).
public class JsReplicationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Non_live_replication_gives_both_stores_the_same_entries(bool writersOnTheListener)
    {
        using var a = new TempDirectory("js-repl-a");
        using var b = new TempDirectory("js-repl-b");
        var listenerStore = writersOnTheListener ? a : b;
        var connectorStore = writersOnTheListener ? b : a;
        var one = await JsReference.AppendAsync(listenerStore.Path, "alice", ["1", "\"two\"", "{\"three\":[3]}"]);
        var two = await JsReference.AppendAsync(listenerStore.Path, "carol", ["\"c\""]);
        var three = await JsReference.AppendAsync(connectorStore.Path, "bob", ["true", "null"]);

        var (listenerDone, connectorDone) = await ReplicateAsync(listenerStore.Path, connectorStore.Path);

        var dumpA = await JsReference.DumpAsync(a.Path);
        var dumpB = await JsReference.DumpAsync(b.Path);
        Assert.Equal(6, dumpA.Entries.Count);
        Assert.Equal(dumpA.Entries, dumpB.Entries);
        Assert.Empty(dumpA.Missing);
        Assert.Empty(dumpB.Missing);
        string[] keys = [one.Key, two.Key, three.Key];
        Assert.Equal(keys.Order(StringComparer.Ordinal), dumpA.Feeds.Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal(keys.Order(StringComparer.Ordinal), dumpB.Feeds.Select(f => f.Key).Order(StringComparer.Ordinal));
        // The done lines report the same feeds as a later dump - as sets: named writers are
        // listed in the order they finished opening, which varies between runs (README).
        Assert.Equal(ByKey(listenerDone.Feeds()), ByKey((await JsReference.DumpAsync(listenerStore.Path)).Feeds));
        Assert.Equal(ByKey(connectorDone.Feeds()), ByKey((await JsReference.DumpAsync(connectorStore.Path)).Feeds));
    }

    [JsFact]
    public async Task Feeds_learned_from_a_peer_are_read_only_and_named_by_their_directory_number()
    {
        using var a = new TempDirectory("js-repl-a");
        using var b = new TempDirectory("js-repl-b");
        var mine = await JsReference.AppendAsync(a.Path, "default", ["1"]);
        var theirs = await JsReference.AppendAsync(b.Path, "default", ["2"]);

        await ReplicateAsync(a.Path, b.Path);

        var feeds = (await JsReference.DumpAsync(a.Path)).Feeds;
        // JS object-key order: the numeric name "1" sorts before "default".
        Assert.Equal([new JsFeed(theirs.Key, 1, 1, false, "1"), new JsFeed(mine.Key, 1, 1, true, "default")], feeds);
        Assert.False(File.Exists(a.Combine("1", "secret_key")));
        Assert.False(File.Exists(a.Combine("1", "localname")));
    }

    [JsFact]
    public async Task Replicating_a_thousand_entries_moves_them_all()
    {
        using var a = new TempDirectory("js-repl-a");
        using var b = new TempDirectory("js-repl-b");
        var big = await JsReference.AppendAsync(a.Path, "default", Enumerable.Range(0, 1000).Select(i => $"{{\"i\":{i}}}"));
        await JsReference.AppendAsync(b.Path, "default", ["0"]);

        var clock = Stopwatch.StartNew();
        var (_, connectorDone) = await ReplicateAsync(a.Path, b.Path);
        output.WriteLine($"JS⇄JS non-live replication of 1000 + 1 entries over TCP: session {connectorDone.Num("ms")} ms, " +
                         $"{clock.ElapsedMilliseconds} ms including both node start-ups");

        Assert.Contains(new JsFeed(big.Key, 1000, 1000, false, "1"), connectorDone.Feeds());
        Assert.Equal(1000, (await JsReference.DumpAsync(b.Path)).EntriesOf(big.Key).Count);
    }

    [JsFact]
    public async Task Peers_with_different_keys_both_fail_with_exit_code_2()
    {
        using var a = new TempDirectory("js-repl-a");
        using var b = new TempDirectory("js-repl-b");
        await JsReference.AppendAsync(a.Path, "default", ["1"]);
        await JsReference.AppendAsync(b.Path, "default", ["2"]);

        await using var listener = JsReference.Start(["replicate", "--store", a.Path, "--listen", "0", "--key", new string('a', 64)]);
        var port = await listener.WaitForListeningAsync(Timeout);
        var connector = await JsReference.RunAsync(["replicate", "--store", b.Path, "--connect", JsLines.Loopback(port), "--key", new string('b', 64)], timeout: Timeout);
        var listenerExit = await listener.WaitForExitAsync(Timeout);

        Assert.Equal(2, connector.ExitCode);
        Assert.Equal(2, listenerExit);
        // The side that first sees the other's root channel reports the mismatch and hangs up;
        // the other then sees a connection that ended before the multifeed handshake.
        string[] errors = [.. connector.Lines.Concat(listener.Lines).Where(l => l.IsEvent("error")).Select(l => l.Str("message"))];
        Assert.Equal(2, errors.Length);
        Assert.Contains("Exchange key did not match remote", errors);
        Assert.All(errors, e => Assert.Contains(e, new[] { "Exchange key did not match remote", "connection ended before the multifeed handshake (a different --key, or not a multifeed peer)" }));
        Assert.Single((await JsReference.DumpAsync(b.Path)).Feeds);
    }

    [JsFact]
    public async Task Connecting_to_a_closed_port_fails_with_exit_code_2()
    {
        using var b = new TempDirectory("js-repl-b");
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var result = await JsReference.RunAsync(["replicate", "--store", b.Path, "--connect", JsLines.Loopback(port)], timeout: Timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Lines, l => l.IsEvent("error") && l.Str("message").Contains("ECONNREFUSED", StringComparison.Ordinal));
    }

    private static List<JsFeed> ByKey(IEnumerable<JsFeed> feeds) => [.. feeds.OrderBy(f => f.Key, StringComparer.Ordinal)];

    // Listener on port 0 (not initiator), connector initiator; both must print `done` and exit 0.
    private static async Task<(System.Text.Json.JsonElement Listener, System.Text.Json.JsonElement Connector)> ReplicateAsync(string listenerStore, string connectorStore)
    {
        await using var listener = JsReference.Start(["replicate", "--store", listenerStore, "--listen", "0"]);
        var port = await listener.WaitForListeningAsync(Timeout);
        var connector = (await JsReference.RunAsync(["replicate", "--store", connectorStore, "--connect", JsLines.Loopback(port)], timeout: Timeout)).EnsureSuccess();
        var listenerDone = await listener.WaitForLineAsync(l => l.IsEvent("done"), Timeout);
        Assert.Equal(0, await listener.WaitForExitAsync(Timeout));
        return (listenerDone, Assert.Single(connector.Lines, l => l.IsEvent("done")));
    }
}

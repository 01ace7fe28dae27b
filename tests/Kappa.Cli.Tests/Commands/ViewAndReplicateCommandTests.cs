using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

public class ViewAndReplicateCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_demo_agrees_on_the_sum_and_continues_the_same_stores_when_run_again()
    {
        using var dir = new TempDirectory("demo");
        var first = await KappaTool.RunAsync(["demo", "--store", dir.Path], timeout: Timeout);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("alice's sum: 9   bob's sum: 9   they agree", first.Stdout, StringComparison.Ordinal);
        var second = await KappaTool.RunAsync(["demo", "--store", dir.Path], timeout: Timeout);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("alice's sum: 31   bob's sum: 31   they agree (10 entries in 2 feeds)", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sum_counts_only_numbers_resumes_and_info_reports_the_view()
    {
        using var dir = new TempDirectory("sum");
        await KappaTool.RunAsync(["append", "--store", dir.Path, "1", "2.5", "\"7\"", "{\"n\":3}"]);
        await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "b", "10"]);
        var sum = await KappaTool.RunAsync(["sum", "--store", dir.Path, "--json"], timeout: Timeout);
        Assert.True(sum.ExitCode == 0, sum.ToString());
        Assert.Equal("{\"sum\":13.5,\"entries\":3}", sum.Lines.Single());
        await KappaTool.RunAsync(["append", "--store", dir.Path, "-1.5"]);
        Assert.Equal("12", (await KappaTool.RunAsync(["sum", "--store", dir.Path], timeout: Timeout)).Lines.Single());
        var info = await KappaTool.RunAsync(["info", "--store", dir.Path]);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("sum          version 1, indexed 6 of 6 entries (up to date)", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_kappa_processes_replicate_over_tcp_and_cat_the_same_entries()
    {
        using var dir = new TempDirectory("cli-repl");
        await KappaTool.RunAsync(["append", "--store", dir.Combine("a"), "1", "2", "3"]);
        await KappaTool.RunAsync(["append", "--store", dir.Combine("b"), "\"b\""]);
        var (listener, port) = await ListenAsync(dir.Combine("a"));
        using var _ = KappaTool.KillOnDispose(listener);
        var connector = await KappaTool.RunAsync(["replicate", "--store", dir.Combine("b"), "--connect", $"127.0.0.1:{port}", "--json"], timeout: Timeout);
        Assert.True(connector.ExitCode == 0, connector.ToString());
        Assert.Equal(3, JsonDocument.Parse(connector.Lines.Single()).RootElement.GetProperty("blocksReceived").GetInt32());
        await listener.WaitForExitAsync().WaitAsync(Timeout);
        Assert.Equal(0, listener.ExitCode);
        var catA = await KappaTool.RunAsync(["cat", "--store", dir.Combine("a")]);
        var catB = await KappaTool.RunAsync(["cat", "--store", dir.Combine("b")]);
        Assert.Equal(4, catA.Lines.Count);
        Assert.Equal(catA.Stdout, catB.Stdout);
    }

    [Fact]
    public async Task A_listener_whose_store_cannot_open_announces_its_port_then_ends_both_processes_with_a_one_line_reason()
    {
        // The listener announces its port before it opens its store (so the peer starts up
        // meanwhile): a store that cannot open (here: locked by this process) must still end both
        // processes with a reason, not leave the peer waiting on an open connection.
        using var dir = new TempDirectory("cli-locked");
        await KappaTool.RunAsync(["append", "--store", dir.Combine("a"), "1"]);
        await KappaTool.RunAsync(["append", "--store", dir.Combine("b"), "2"]);
        await using var holder = await Kappa.Multifeed.Store.FeedStore.OpenAsync(dir.Combine("a"));
        var (listener, port) = await ListenAsync(dir.Combine("a"));
        using var _ = KappaTool.KillOnDispose(listener);
        var connector = await KappaTool.RunAsync(["replicate", "--store", dir.Combine("b"), "--connect", $"127.0.0.1:{port}", "--json", "--timeout", "30"], timeout: Timeout);
        await listener.WaitForExitAsync().WaitAsync(Timeout);
        Assert.NotEqual(0, listener.ExitCode);
        Assert.NotEqual(0, connector.ExitCode);
        Assert.Contains("lock", OneReason(await listener.StandardError.ReadToEndAsync()), StringComparison.OrdinalIgnoreCase);
        OneReason(connector.Stderr);
    }

    [Fact]
    public async Task A_listener_keeps_its_first_peer_and_refuses_later_ones()
    {
        using var dir = new TempDirectory("cli-one-peer");
        await KappaTool.RunAsync(["append", "--store", dir.Combine("a"), "1"]);
        var (listener, port) = await ListenAsync(dir.Combine("a"));
        using var _ = KappaTool.KillOnDispose(listener);
        // The first peer connects and stays silent, so its session is still open while later
        // peers try. A later connect made before the listener accepted the first one can still
        // land in the backlog (then it is reset) or wait for room there, so later peers retry,
        // each for at most a second, until one is refused — well before the listener's 30 s
        // timeout for the silent peer.
        using var first = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, port);
        var refused = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!refused && DateTime.UtcNow < deadline)
        {
            using var later = new TcpClient();
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try { await later.ConnectAsync(IPAddress.Loopback, port, attempt.Token); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused) { refused = true; }
            catch (OperationCanceledException) { } // waited in a full backlog: not refused
            if (!refused) await Task.Delay(50);
        }
        Assert.True(refused, "a later peer could still connect to the listener");
        Assert.False(listener.HasExited, "the listener ended before the first peer's session did");
        first.Close(); // the first peer leaves without a handshake: the listener ends with a reason
        await listener.WaitForExitAsync().WaitAsync(Timeout);
        Assert.NotEqual(0, listener.ExitCode);
        OneReason(await listener.StandardError.ReadToEndAsync());
    }

    /// <summary>`kappa replicate --listen 127.0.0.1:0 --json` on <paramref name="store"/>, and the port it announced.</summary>
    private static async Task<(Process Listener, int Port)> ListenAsync(string store)
    {
        var listener = KappaTool.Start(["replicate", "--store", store, "--listen", "127.0.0.1:0", "--json", "--timeout", "30"]);
        var listening = JsonDocument.Parse((await listener.StandardOutput.ReadLineAsync().WaitAsync(Timeout))!).RootElement;
        return (listener, listening.GetProperty("port").GetInt32());
    }

    /// <summary>The single line of a failed command's stderr: "kappa: reason", no stack trace.</summary>
    private static string OneReason(string stderr)
    {
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kappa: ", line, StringComparison.Ordinal);
        return line;
    }

    [JsTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_replicating_with_kappa_core_6_kappa_cat_equals_the_js_dump(bool kappaListens)
    {
        using var dir = new TempDirectory("cli-js");
        var jsStore = dir.Combine("js");
        (await JsReference.RunAsync(["append", "--store", jsStore, "--writer", "js", "--writers", "2", "1", "\"wörld ✓\"", "{\"a\":[1,2.5]}"], timeout: Timeout)).EnsureSuccess();
        await KappaTool.RunAsync(["append", "--store", dir.Combine("cs"), "true", "null", "\"x\""]);
        if (kappaListens)
        {
            var listener = KappaTool.Start(["replicate", "--store", dir.Combine("cs"), "--listen", "127.0.0.1:0", "--json"]);
            using var _ = KappaTool.KillOnDispose(listener);
            var port = JsonDocument.Parse((await listener.StandardOutput.ReadLineAsync().WaitAsync(Timeout))!).RootElement.GetProperty("port").GetInt32();
            (await JsReference.RunAsync(["replicate", "--store", jsStore, "--connect", JsLines.Loopback(port)], timeout: Timeout)).EnsureSuccess();
            await listener.WaitForExitAsync().WaitAsync(Timeout);
            Assert.True(listener.ExitCode == 0, await listener.StandardError.ReadToEndAsync());
        }
        else
        {
            await using var js = JsReference.Start(["replicate", "--store", jsStore, "--listen", "0"]);
            var port = await js.WaitForListeningAsync(Timeout);
            var result = await KappaTool.RunAsync(["replicate", "--store", dir.Combine("cs"), "--connect", JsLines.Loopback(port)], timeout: Timeout);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(0, await js.WaitForExitAsync(Timeout));
        }

        var dump = await JsReference.DumpAsync(jsStore);
        var cat = await KappaTool.RunAsync(["cat", "--store", dir.Combine("cs")]);
        Assert.True(cat.ExitCode == 0, cat.ToString());
        Assert.Equal(9, dump.Entries.Count);
        Assert.Equal(dump.Entries.Select(e => $"{{\"key\":\"{e.Key}\",\"seq\":{e.Seq},\"value\":{e.ValueJson}}}"), cat.Lines);
        var feeds = await KappaTool.RunAsync(["feeds", "--store", dir.Combine("cs")]);
        Assert.Equal(dump.Feeds.Select(f => (f.Key, f.Length)).Order(), feeds.Lines.Select(l => JsonDocument.Parse(l).RootElement).Select(f => (f.GetProperty("key").GetString()!, f.GetProperty("length").GetInt64())).Order());
    }

    [JsFact]
    public async Task Replicating_with_a_peer_on_another_key_fails_with_a_one_line_reason()
    {
        using var dir = new TempDirectory("cli-key");
        (await JsReference.RunAsync(["append", "--store", dir.Combine("js"), "1"], timeout: Timeout)).EnsureSuccess();
        await KappaTool.RunAsync(["append", "--store", dir.Combine("cs"), "2"]);
        await using var js = JsReference.Start(["replicate", "--store", dir.Combine("js"), "--listen", "0", "--key", new string('a', 64)]);
        var port = await js.WaitForListeningAsync(Timeout);
        var result = await KappaTool.RunAsync(["replicate", "--store", dir.Combine("cs"), "--connect", JsLines.Loopback(port), "--key", new string('b', 64), "--timeout", "5"], timeout: Timeout);
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kappa: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}

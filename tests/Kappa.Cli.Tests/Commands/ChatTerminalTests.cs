using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kappa.Chat;
using Kappa.Chat.Messages;
using Kappa.Multifeed.Replication;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

/// <summary>
/// The full-screen `kappa chat` driven through tmux (send-keys, capture-pane) on a private tmux
/// server: with a Kappa.Chat peer replicating live over TCP on 127.0.0.1, and through the swarm
/// with a cabal-core peer inside a network namespace of the test's own.
/// </summary>
public sealed class ChatTerminalTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _socket = "kappa-chat-" + Guid.NewGuid().ToString("N")[..8];
    private const string Session = "chat";

    [Fact]
    public async Task Join_send_see_a_peer_message_arrive_live_and_scroll_back()
    {
        using var dir = new TempDirectory("chat-tui");
        var key = CabalKey.Random();
        await using var peer = await Cabal.OpenAsync(dir.Combine("peer"), key);
        await peer.SetNickAsync("peer");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        for (var i = 0; i < 200; i++) await peer.SendAsync($"old {i:000}", "town", start + i);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptSocketAsync();
        await Tmux("new-session", "-d", "-s", Session, "-x", "120", "-y", "40",
            $"dotnet {KappaTool.Dll} chat --store {dir.Combine("tui")} {key} --nick tester --no-swarm --connect 127.0.0.1:{port}");
        await using var session = await peer.StartReplicationAsync(await accepted.WaitAsync(Timeout), isInitiator: false);

        await WaitForPaneAsync("#default");
        await Keys("/join town", "Enter");
        await WaitForPaneAsync("old 199");
        await Keys("hello from tmux", "Enter");
        await WaitForPaneAsync("<tester> hello from tmux");
        using (var cts = new CancellationTokenSource(Timeout))
            while (!(await peer.PageAsync("town", 5, ct: cts.Token)).Any(m => m.Message.Text == "hello from tmux"))
                await Task.Delay(100, cts.Token);

        await peer.SendAsync("reply from peer", "town");
        await WaitForPaneAsync("<peer> reply from peer");
        await peer.SetNickAsync("renamed"); // lines already shown are redrawn with the author's new nick
        await WaitForPaneAsync("<renamed> reply from peer");
        Assert.DoesNotContain("<peer>", await CaptureAsync());

        for (var i = 0; i < 12; i++) await Keys("PageUp");
        await WaitForPaneAsync("old 000");
        Assert.DoesNotContain("reply from peer", await CaptureAsync());

        await Keys("PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown", "PageDown");
        await WaitForPaneAsync("reply from peer");
        await Keys("/quit", "Enter");
        await WaitForExitAsync();
    }

    [NamespaceFact]
    public async Task Without_no_swarm_the_client_finds_a_cabal_core_peer_on_the_LAN_and_both_see_each_others_messages_live()
    {
        using var dir = new TempDirectory("chat-tui-swarm");
        using var ns = NetworkNamespace.Create(); // multicast DNS only, never leaving the test's namespace
        await using var cabal = JsReference.StartIn(ns, ["cabal", "--store", dir.Combine("cabal"), "--nick", "alice"]);
        var key = (await cabal.WaitForLineAsync(l => l.IsEvent("ready"), Timeout)).Str("key");
        await CabalCoreDriver.Command(cabal, """{"cmd":"swarm"}""", "swarm"); // cabal-core's own swarm, its DHT given no bootstrap nodes

        // the client's DHT is off too (--no-dht): it can meet cabal-core only through multicast DNS
        await Tmux("new-session", "-d", "-s", Session, "-x", "120", "-y", "40",
            $"ip netns exec {ns.Name} dotnet {KappaTool.Dll} chat --store {dir.Combine("tui")} cabal://{key} --nick tester --no-dht");
        await WaitForPaneAsync("#default");
        await cabal.WaitForLineAsync(l => l.IsEvent("connection"), Timeout);

        await CabalCoreDriver.Command(cabal, """{"cmd":"send","channel":"default","text":"live from cabal-core"}""", "send");
        await WaitForPaneAsync("<alice> live from cabal-core");
        await Keys("hello from the terminal", "Enter");
        await WaitForPaneAsync("<tester> hello from the terminal");
        await CabalCoreDriver.CommandUntil(cabal, """{"cmd":"read","channel":"default"}""", "read",
            r => r.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("value").GetProperty("content").Str("text") == "hello from the terminal"),
            "the terminal's message");
        await Keys("/quit", "Enter");
        await WaitForExitAsync();
    }

    /// <summary>The session ends when the client exits (so the store is closed before the directory goes).</summary>
    private async Task WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!cts.IsCancellationRequested)
        {
            try { await Tmux("has-session", "-t", Session); }
            catch (InvalidOperationException) { return; }
            await Task.Delay(100, CancellationToken.None);
        }
        Assert.Fail("kappa chat did not exit after /quit");
    }

    private async Task WaitForPaneAsync(string text)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var pane = "";
        while (!cts.IsCancellationRequested)
        {
            pane = await CaptureAsync();
            if (pane.Contains(text, StringComparison.Ordinal)) return;
            await Task.Delay(100, CancellationToken.None);
        }
        Assert.Fail($"\"{text}\" did not appear in the pane within {Timeout.TotalSeconds} s. Pane:\n{pane}");
    }

    private Task<string> CaptureAsync() => Tmux("capture-pane", "-p", "-t", Session);

    private Task Keys(params string[] keys) => Tmux(["send-keys", "-t", Session, .. keys]);

    private async Task<string> Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0 && args[0] != "kill-server") throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {stderr}");
        return stdout;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Tmux("kill-server");
}

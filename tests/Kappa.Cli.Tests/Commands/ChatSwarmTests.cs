using System.Text.Json;
using Kappa.TestSupport;
using static Kappa.Cli.Tests.Commands.CabalCoreDriver;

namespace Kappa.Cli.Tests.Commands;

/// <summary>
/// Kappa.NET and a real cabal-core 13.2.0 peer finding each other through the cabal's swarm on a
/// LAN: a network namespace of the test's own, multicast DNS only (our DHT off, cabal-core's
/// hyperswarm given no bootstrap nodes), so no packet leaves the namespace.
/// </summary>
public class ChatSwarmTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [NamespaceFact]
    public async Task Messages_nicks_channels_and_topics_flow_both_ways_between_kappa_and_cabal_core_found_through_multicast_DNS()
    {
        using var dir = new TempDirectory("chat-swarm");
        using var ns = NetworkNamespace.Create();
        await using var cabal = JsReference.StartIn(ns, ["cabal", "--store", dir.Combine("cabal"), "--nick", "alice"]);
        var ready = await cabal.WaitForLineAsync(l => l.IsEvent("ready"), Wait);
        var key = ready.Str("key");
        await Command(cabal, """{"cmd":"send","channel":"default","text":"hi over the LAN"}""", "send");
        await Command(cabal, """{"cmd":"send","channel":"misc","text":"misc over the LAN"}""", "send");
        await Command(cabal, """{"cmd":"topic","channel":"misc","text":"cabal's LAN topic"}""", "topic");
        await Command(cabal, """{"cmd":"swarm"}""", "swarm");

        var store = dir.Combine("kappa");
        string[] swarm = ["swarm", "--store", store, "--key", key, "--no-dht", "--until-synced", "--json"];
        await SyncThroughTheLanAsync(ns, swarm);

        var misc = Assert.Single(await Lines(["chat", "read", "--store", store, "--channel", "misc"]), l => l.Str("type") == "chat/text");
        Assert.Equal("misc over the LAN", misc.Str("text"));
        Assert.Equal("alice", misc.Str("name"));
        Assert.Equal(ready.Str("local"), misc.Str("key"));
        Assert.Equal("hi over the LAN", Assert.Single(await Lines(["chat", "read", "--store", store])).Str("text"));
        var channels = await Lines(["chat", "channels", "--store", store]);
        Assert.Equal(["default:", "misc:cabal's LAN topic"], channels.Select(c => c.Str("channel") + ":" + (c.GetProperty("topic").ValueKind == JsonValueKind.Null ? "" : c.Str("topic"))));

        var ours = (await Lines(["chat", "nick", "--store", store, "bob"]))[0].Str("key");
        await Lines(["chat", "send", "--store", store, "--channel", "lan", "hello from kappa over the LAN"]);
        await Lines(["chat", "topic", "--store", store, "--channel", "lan", "kappa's LAN topic"]);
        await SyncThroughTheLanAsync(ns, swarm);

        await CommandUntil(cabal, """{"cmd":"read","channel":"lan"}""", "read",
            r => r.GetProperty("messages").EnumerateArray().Any(m => m.Str("key") == ours && m.GetProperty("value").GetProperty("content").Str("text") == "hello from kappa over the LAN"),
            "our message in channel lan");
        await CommandUntil(cabal, """{"cmd":"users"}""", "users",
            r => r.GetProperty("users").TryGetProperty(ours, out var u) && u.TryGetProperty("name", out var n) && n.GetString() == "bob", "our nick");
        await CommandUntil(cabal, """{"cmd":"channels"}""", "channels",
            r => r.GetProperty("channels").EnumerateArray().Any(c => c.GetString() == "lan"), "our channel");
        await CommandUntil(cabal, """{"cmd":"topicOf","channel":"lan"}""", "topicOf",
            r => r.GetProperty("topic").ValueKind == JsonValueKind.String && r.Str("topic") == "kappa's LAN topic", "our topic");
        // cabal-core's own swarm took the connections (it found us, or we it, on the LAN)
        Assert.Contains(cabal.Lines, l => l.IsEvent("connection"));
    }

    /// <summary>One <c>kappa swarm --until-synced</c> run in the namespace; it must meet cabal-core through multicast DNS and end in sync.</summary>
    private static async Task SyncThroughTheLanAsync(NetworkNamespace ns, string[] swarm)
    {
        await using var run = JsReference.StartKappaIn(ns, swarm);
        var code = await run.WaitForExitAsync(Wait);
        Assert.True(code == 0, $"kappa swarm exited {code}: {string.Join('\n', run.StdoutLines)}\n{run.Stderr}");
        Assert.Contains(run.Lines, l => l.IsEvent("connected") && l.Is("source", "lan"));
        Assert.Contains(run.Lines, l => l.IsEvent("synced"));
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Kappa.Chat.Messages;
using Kappa.Hypercore;
using Kappa.TestSupport;
using static Kappa.Cli.Tests.Commands.CabalCoreDriver;

namespace Kappa.Cli.Tests.Commands;

/// <summary>`kappa chat` subcommands against a real cabal-core 13.2.0 peer (tests/interop/lib/cabal-peer.js) over TCP on 127.0.0.1.</summary>
public class ChatCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsFact]
    public async Task Messages_nicks_channels_and_topics_flow_between_kappa_chat_and_cabal_core_both_ways()
    {
        using var dir = new TempDirectory("chat-cli");
        await using var cabal = JsReference.Start(["cabal", "--store", dir.Combine("cabal"), "--nick", "alice"]);
        var ready = await cabal.WaitForLineAsync(l => l.IsEvent("ready"), Timeout);
        await Command(cabal, """{"cmd":"send","channel":"default","text":"hi from cabal-core"}""", "send");
        await Command(cabal, """{"cmd":"send","channel":"misc","text":"misc from cabal-core","timestamp":1700000000000.001}""", "send");
        await Command(cabal, """{"cmd":"topic","channel":"misc","text":"cabal's topic"}""", "topic");
        var port = (await Command(cabal, """{"cmd":"listen"}""", "listen")).GetProperty("port").GetInt32().ToString(CultureInfo.InvariantCulture);
        var store = dir.Combine("kappa");
        string[] replicate = ["replicate", "--store", store, "--connect", "127.0.0.1:" + port, "--key", ready.Str("key"), "--json"];

        var first = await KappaTool.RunAsync(replicate, timeout: Timeout);
        Assert.True(first.ExitCode == 0, first.ToString());

        var read = await Lines(["chat", "read", "--store", store, "--channel", "misc"]);
        var misc = Assert.Single(read, l => l.Str("type") == "chat/text");
        Assert.Equal("misc from cabal-core", misc.Str("text"));
        Assert.Equal(1700000000000.001, misc.GetProperty("timestamp").GetDouble());
        Assert.Equal("alice", misc.Str("name"));
        Assert.Equal(ready.Str("local"), misc.Str("key"));
        var channels = await Lines(["chat", "channels", "--store", store]);
        Assert.Equal(["default:", "misc:cabal's topic"], channels.Select(c => c.Str("channel") + ":" + (c.GetProperty("topic").ValueKind == JsonValueKind.Null ? "" : c.Str("topic"))));

        // cabal-core's blocks are the bytes our writer produces for the same message.
        await using (var fs = await Kappa.Multifeed.Store.FeedStore.OpenAsync(store, new Kappa.Multifeed.Store.FeedStoreOptions { ReadOnly = true }))
        {
            var theirs = fs.Feed(ready.Str("local"))!;
            Assert.Equal(CabalMessages.Text("misc", "misc from cabal-core", 1700000000000.001), (await theirs.GetRawAsync(2)).ToArray());
        }

        var nick = await Lines(["chat", "nick", "--store", store, "bob"]);
        await Lines(["chat", "send", "--store", store, "--channel", "misc", "hello from kappa"]);
        await Lines(["chat", "topic", "--store", store, "--channel", "misc", "kappa's topic"]);
        var second = await KappaTool.RunAsync(replicate, timeout: Timeout);
        Assert.True(second.ExitCode == 0, second.ToString());

        var ours = nick[0].Str("key");
        var theirRead = await Command(cabal, """{"cmd":"read","channel":"misc"}""", "read");
        Assert.Contains(theirRead.GetProperty("messages").EnumerateArray(), m => m.Str("key") == ours && m.GetProperty("value").GetProperty("content").Str("text") == "hello from kappa");
        var users = await Command(cabal, """{"cmd":"users"}""", "users");
        Assert.Equal("bob", users.GetProperty("users").GetProperty(ours).Str("name"));
        var topic = await Command(cabal, """{"cmd":"topicOf","channel":"misc"}""", "topicOf");
        Assert.Equal("kappa's topic", topic.Str("topic"));
    }

    [JsFact]
    public async Task A_store_written_by_cabal_core_opens_in_kappa_chat()
    {
        using var dir = new TempDirectory("chat-cli-store");
        var cabalStore = dir.Combine("cabal");
        await using (var cabal = JsReference.Start(["cabal", "--store", cabalStore, "--nick", "carol"]))
        {
            await cabal.WaitForLineAsync(l => l.IsEvent("ready"), Timeout);
            await Command(cabal, """{"cmd":"send","channel":"default","text":"written by cabal-core"}""", "send");
            await cabal.SendLineAsync("""{"cmd":"quit"}""");
            Assert.Equal(0, await cabal.WaitForExitAsync(Timeout));
        }
        var read = await Lines(["chat", "read", "--store", cabalStore]);
        var line = Assert.Single(read);
        Assert.Equal("written by cabal-core", line.Str("text"));
        Assert.Equal("carol", line.Str("name"));
    }
}

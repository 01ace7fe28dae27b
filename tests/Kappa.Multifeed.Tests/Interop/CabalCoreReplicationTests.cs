using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Interop;

/// <summary>
/// Our non-live sessions against cabal-core 13.2.0, which always replicates live (its
/// <c>replicate</c> defaults to <c>live: true</c>) and creates its empty writer <c>local</c> at once.
/// The cabal peer is driven through cabal-core's own API (tests/interop/lib/cabal-peer.js).
/// </summary>
public class CabalCoreReplicationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsFact]
    public async Task A_non_live_session_with_a_live_cabal_peer_ends_in_sync_and_both_sides_hold_everything()
    {
        using var dir = new TempDirectory("cabal-repl");
        await using var cabal = await StartCabalAsync(dir.Combine("cabal"), "--nick", "alice");
        await Command(cabal, """{"cmd":"send","channel":"default","text":"from cabal"}""", "send");
        var port = (await Command(cabal, """{"cmd":"listen"}""", "listen")).GetProperty("port").GetInt32();
        var key = Convert.FromHexString(cabal.Lines.First(l => l.IsEvent("ready")).Str("key"));

        await using var store = await FeedStore.OpenAsync(dir.Combine("cs"));
        var local = await store.WriterAsync("local");
        await local.AppendAsync(new { type = "chat/text", content = new { channel = "default", text = "from c#" }, timestamp = 1_700_000_000_000 });

        var result = await ReplicateAsync(store, port, key);

        Assert.True(result.Synced);
        Assert.Equal(1, result.Progress.BlocksSent);
        Assert.Equal(2, result.Progress.BlocksReceived); // cabal's about + chat/text
        var read = await Command(cabal, """{"cmd":"read","channel":"default"}""", "read");
        Assert.Contains(read.GetProperty("messages").EnumerateArray(), m => m.Str("key") == local.Key.ToString() && m.GetProperty("value").GetProperty("content").Str("text") == "from c#");
    }

    [JsFact]
    public async Task Empty_feeds_offered_by_a_fresh_cabal_are_accepted_and_a_second_session_ends_too()
    {
        using var dir = new TempDirectory("cabal-empty");
        await using var cabal = await StartCabalAsync(dir.Combine("cabal"));
        var port = (await Command(cabal, """{"cmd":"listen"}""", "listen")).GetProperty("port").GetInt32();
        var ready = cabal.Lines.First(l => l.IsEvent("ready"));
        var key = Convert.FromHexString(ready.Str("key"));

        await using var store = await FeedStore.OpenAsync(dir.Combine("cs"));
        var local = await store.WriterAsync("local"); // empty as well
        for (var session = 0; session < 2; session++)
        {
            var result = await ReplicateAsync(store, port, key);
            Assert.True(result.Synced, $"session {session}");
            Assert.Equal(2, result.Feeds.Count);
        }
        var theirs = store.Feed(ready.Str("local"));
        Assert.NotNull(theirs);
        Assert.Equal(0, theirs.Length);
        Assert.Equal(0, local.Length);
    }

    [JsFact]
    public async Task A_live_session_reports_sync_only_after_the_cabal_peer_acknowledged_our_new_block()
    {
        using var dir = new TempDirectory("cabal-live");
        await using var cabal = await StartCabalAsync(dir.Combine("cabal"), "--nick", "bob");
        var port = (await Command(cabal, """{"cmd":"listen"}""", "listen")).GetProperty("port").GetInt32();
        var key = Convert.FromHexString(cabal.Lines.First(l => l.IsEvent("ready")).Str("key"));

        await using var store = await FeedStore.OpenAsync(dir.Combine("cs"));
        var local = await store.WriterAsync("local");
        var socket = await ConnectAsync(port);
        await using var session = await store.StartReplicationAsync(socket, isInitiator: true, new ReplicationOptions { Live = true, EncryptionKey = key });
        await session.WhenSyncedAsync().WaitAsync(Timeout);

        await local.AppendAsync(new { type = "chat/text", content = new { channel = "default", text = "live" }, timestamp = 1_700_000_000_001 });
        // The append makes the session unsynced until cabal-core stored the block and acked it.
        await session.WhenSyncedAsync().WaitAsync(Timeout);
        Assert.True(session.IsSynced);
        var read = await Command(cabal, """{"cmd":"read","channel":"default"}""", "read");
        Assert.Contains(read.GetProperty("messages").EnumerateArray(), m => m.GetProperty("value").GetProperty("content").Str("text") == "live");
        Assert.False(session.Completion.IsCompleted, "a live session keeps running");
    }

    internal static async Task<JsProcess> StartCabalAsync(string storeDir, params string[] extra)
    {
        var cabal = JsReference.Start(["cabal", "--store", storeDir, .. extra]);
        await cabal.WaitForLineAsync(l => l.IsEvent("ready"), Timeout);
        return cabal;
    }

    /// <summary>Sends a command to the cabal peer and waits for its reply line (failing on an error reply).</summary>
    internal static Task<JsonElement> Command(JsProcess cabal, string json, string name) => cabal.RequestAsync(json, name, Timeout);

    private static async Task<ReplicationResult> ReplicateAsync(FeedStore store, int port, byte[] key)
    {
        var socket = await ConnectAsync(port);
        return await store.ReplicateAsync(socket, isInitiator: true, new ReplicationOptions { EncryptionKey = key }).WaitAsync(Timeout);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }
}

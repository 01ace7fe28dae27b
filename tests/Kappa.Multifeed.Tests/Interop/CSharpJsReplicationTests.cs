using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kappa.Hypercore.Json;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Interop;

/// <summary>Our store replicating with a real JS kappa-core 6 peer over TCP, each side as initiator.</summary>
public class CSharpJsReplicationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [JsTheory]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(false, 2)]
    [InlineData(true, 50)]
    [InlineData(false, 50)]
    public async Task Non_live_sessions_leave_both_stores_with_the_same_feeds_and_entries(bool csharpInitiates, int writers)
    {
        using var dir = new TempDirectory("cs-js");
        var jsStore = dir.Combine("js");
        var jsFeeds = (await JsReference.RunAsync(["append", "--store", jsStore, "--writer", "js", "--writers", writers.ToString(CultureInfo.InvariantCulture), "1", "\"two\"", "{\"n\":[3,4.5]}", "\"wörld ✓\""], timeout: Timeout)).EnsureSuccess().Lines;
        Assert.Equal(writers, jsFeeds.Count);

        await using (var store = await FeedStore.OpenAsync(dir.Combine("cs")))
        {
            for (var w = 0; w < writers; w++)
                await (await store.WriterAsync("cs" + w)).AppendBatchAsync(Enumerable.Range(0, 3).Select(i => new { w, i, text = "é" }));
            var result = await ReplicateWithJsAsync(store, jsStore, csharpInitiates, live: false);
            Assert.Equal(2 * writers, result.Feeds.Count);
            Assert.Equal(writers * 4L, result.Progress.BlocksReceived);
            Assert.Equal(writers * 3L, result.Progress.BlocksSent);
            Assert.Equal(2 * writers, store.Feeds.Count);
        }

        var js = await JsReference.DumpAsync(jsStore);
        Assert.Empty(js.Missing);
        Assert.Equal(2 * writers, js.Feeds.Count);
        await using var ours = await FeedStore.OpenAsync(dir.Combine("cs"), new FeedStoreOptions { ReadOnly = true });
        Assert.Equal(js.Feeds.Select(f => (f.Key, f.Length)).Order(), ours.Feeds.Select(f => (f.Key.ToString(), f.Length)).Order());
        Assert.Equal(js.Entries.Select(e => $"{e.Key} {e.Seq} {e.ValueJson}"), await DumpAsync(ours));
    }

    [JsFact]
    public async Task Feeds_learned_from_a_js_peer_are_named_by_number_and_open_in_js_again()
    {
        using var dir = new TempDirectory("cs-js");
        var jsStore = dir.Combine("js");
        var jsFeed = (await JsReference.RunAsync(["append", "--store", jsStore, "--writer", "default", "1", "2"], timeout: Timeout)).EnsureSuccess().OnlyLine();
        var csStore = dir.Combine("cs");
        await using (var store = await FeedStore.OpenAsync(csStore))
        {
            await (await store.WriterAsync("default")).AppendAsync("mine");
            await ReplicateWithJsAsync(store, jsStore, csharpInitiates: true, live: false);
            Assert.Equal(["1", "default"], store.NamedFeeds.Select(f => f.Name));
            Assert.False(store.Feed(jsFeed.Str("key"))!.Writable);
        }
        Assert.False(File.Exists(Path.Combine(csStore, "1", "secret_key")));
        Assert.False(File.Exists(Path.Combine(csStore, "1", "localname")));
        // The directory our replication wrote opens in JS kappa-core 6 with the same entries.
        var dump = await JsReference.DumpAsync(csStore);
        Assert.Equal(3, dump.Entries.Count);
        Assert.Contains(dump.Feeds, f => f.Key == jsFeed.Str("key") && f.Name == "1" && !f.Writable && f.Length == 2);
    }

    [JsTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task In_a_live_session_new_appends_flow_both_ways(bool csharpInitiates)
    {
        using var dir = new TempDirectory("cs-js-live");
        var jsStore = dir.Combine("js");
        var jsFeed = (await JsReference.RunAsync(["append", "--store", jsStore, "--writer", "js", "0"], timeout: Timeout)).EnsureSuccess().OnlyLine();
        await using var store = await FeedStore.OpenAsync(dir.Combine("cs"));
        var mine = await store.WriterAsync("cs");
        await mine.AppendAsync("first");

        var (js, session) = await StartPairAsync(store, ["replicate", "--store", jsStore, "--live", "--writer", "js", "--append-every", "100", "--append-limit", "5"], csharpInitiates, live: true);
        await using var _ = js;
        await using var __ = session;

        var remote = await FeedArrival.WaitAsync(store, jsFeed.Str("key"), Timeout);
        using var cts = new CancellationTokenSource(Timeout);
        while (remote.Length < 6 || remote.CountStored() < 6) await Task.Delay(50, cts.Token);
        await mine.AppendAsync("second");
        await js.WaitForLineAsync(l => l.IsEvent("append") && l.Str("key") == mine.Key.ToString() && l.GetProperty("seq").GetInt64() == 1, Timeout);
        Assert.Equal(6, remote.Length);
        Assert.False(session.Completion.IsCompleted, "a live session keeps running");
    }

    internal static async Task<ReplicationResult> ReplicateWithJsAsync(FeedStore store, string jsStore, bool csharpInitiates, bool live)
    {
        var (js, session) = await StartPairAsync(store, ["replicate", "--store", jsStore], csharpInitiates, live);
        await using var _ = js;
        await using var __ = session;
        var result = await session.Completion.WaitAsync(Timeout);
        await js.WaitForLineAsync(l => l.IsEvent("done"), Timeout);
        Assert.Equal(0, await js.WaitForExitAsync(Timeout));
        return result;
    }

    /// <summary>
    /// Starts the JS peer and our session over TCP: when we initiate, the JS peer listens (port 0)
    /// and we connect; otherwise we listen and the JS peer connects.
    /// </summary>
    internal static async Task<(JsProcess Js, ReplicationSession Session)> StartPairAsync(FeedStore store, string[] jsArgs, bool csharpInitiates, bool live)
    {
        var options = new ReplicationOptions { Live = live };
        if (csharpInitiates)
        {
            var js = JsReference.Start([.. jsArgs, "--listen", "0"]);
            var port = await js.WaitForListeningAsync(Timeout);
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return (js, await store.StartReplicationAsync(socket, isInitiator: true, options));
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var jsConnecting = JsReference.Start([.. jsArgs, "--connect", JsLines.Loopback(((IPEndPoint)listener.LocalEndpoint).Port)]);
        var accepted = await listener.AcceptSocketAsync().WaitAsync(Timeout);
        accepted.NoDelay = true;
        return (jsConnecting, await store.StartReplicationAsync(accepted, isInitiator: false, options));
    }

    internal static async Task<List<string>> DumpAsync(FeedStore store)
    {
        var lines = new List<string>();
        foreach (var feed in store.Feeds.OrderBy(f => f.Key))
            await foreach (var block in feed.ReadRawAsync())
                lines.Add($"{feed.Key} {block.Seq} {JsJson.Normalize(Encoding.UTF8.GetString(block.Data.Span))}");
        return lines;
    }
}

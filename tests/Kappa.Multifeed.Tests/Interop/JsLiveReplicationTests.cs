using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Interop;

// JS ⇄ JS live replication over TCP: entries appended after the peers connected reach the other side.
public class JsLiveReplicationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsFact]
    public async Task Entries_appended_after_the_connection_reach_the_peer_while_live()
    {
        using var a = new TempDirectory("js-live-a");
        using var b = new TempDirectory("js-live-b");
        await JsReference.AppendAsync(b.Path, "bob", ["\"hello\""]);
        await using var follower = JsReference.Start(["replicate", "--store", b.Path, "--listen", "0", "--live"]);
        var port = await follower.WaitForListeningAsync(Timeout);

        // A connecting peer starts its --append-every timer only once the TCP connection is up,
        // so every one of the 20 entries is appended while the session is live.
        await using var appender = JsReference.Start(["replicate", "--store", a.Path, "--connect", JsLines.Loopback(port), "--live",
            "--writer", "ticker", "--append-every", "50", "--append-limit", "20"]);
        var ticker = (await appender.WaitForLineAsync(l => l.IsEvent("feed") && l.Str("name") == "ticker", Timeout)).Str("key");
        await follower.WaitForLineAsync(l => l.IsEvent("append") && l.Str("key") == ticker && l.Num("downloaded") == 20, Timeout);
        await appender.WaitForLineAsync(l => l.IsEvent("append") && l.Is("source", "remote") && l.Num("downloaded") == 1, Timeout);

        Assert.Equal(0, await appender.StopAsync());
        Assert.Equal(0, await follower.StopAsync());
        var stopped = Assert.Single(follower.Lines, l => l.IsEvent("stopped"));
        Assert.Contains(new JsFeed(ticker, 20, 20, false, "1"), stopped.Feeds());
        Assert.Equal(20, appender.Lines.Count(l => l.IsEvent("append") && l.Is("source", "local")));
        var dump = await JsReference.DumpAsync(b.Path);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), dump.EntriesOf(ticker).Select(e => e.ValueJson));
        Assert.Equal(2, (await JsReference.DumpAsync(a.Path)).Feeds.Count);
    }

    [JsFact]
    public async Task A_live_listener_serves_one_peer_after_another()
    {
        using var hub = new TempDirectory("js-live-hub");
        using var p1 = new TempDirectory("js-live-p1");
        using var p2 = new TempDirectory("js-live-p2");
        var first = await JsReference.AppendAsync(p1.Path, "default", ["1"]);
        await JsReference.AppendAsync(p2.Path, "default", ["2"]);
        await using var listener = JsReference.Start(["replicate", "--store", hub.Path, "--listen", "0", "--live", "--writer", "hub"]);
        var port = await listener.WaitForListeningAsync(Timeout);

        await using (var peer1 = JsReference.Start(["replicate", "--store", p1.Path, "--connect", JsLines.Loopback(port), "--live"]))
        {
            await listener.WaitForLineAsync(l => l.IsEvent("append") && l.Str("key") == first.Key && l.Num("downloaded") == 1, Timeout);
            Assert.Equal(0, await peer1.StopAsync());
        }
        await listener.WaitForLineAsync(l => l.IsEvent("disconnected") && l.Num("session") == 1, Timeout);
        await using var peer2 = JsReference.Start(["replicate", "--store", p2.Path, "--connect", JsLines.Loopback(port), "--live"]);
        await peer2.WaitForLineAsync(l => l.IsEvent("append") && l.Str("key") == first.Key && l.Num("downloaded") == 1, Timeout);

        Assert.Equal(0, await peer2.StopAsync());
        Assert.Equal(0, await listener.StopAsync());
        Assert.Equal(3, (await JsReference.DumpAsync(p2.Path)).Feeds.Count);
    }
}

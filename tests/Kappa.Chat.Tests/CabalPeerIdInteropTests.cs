using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kappa.Multifeed.Replication;
using Kappa.TestSupport;

namespace Kappa.Chat.Tests;

/// <summary>
/// Cabal's <c>peer-id</c> against the real cabal-core 13.2.0 over one direct TCP connection on
/// 127.0.0.1. On the JS side the connection is handled by cabal-core's own swarm code (swarm.js:
/// its peer-id extension and <c>peer-added</c>/<c>peer-dropped</c>), with hyperswarm's discovery
/// replaced by the direct connection (tests/interop/lib/cabal-direct-swarm.js).
/// </summary>
public class CabalPeerIdInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string CabalOptionsFrame = "67010a134d554c5449464545445f48414e445348414b450a124d554c5449464545445f4d414e49464553540a194d554c5449464545445f5245504c49434154455f46454544530a174d554c5449464545445f524551554553545f46454544530a07706565722d6964";

    [JsTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cabal_core_counts_us_by_our_local_key_and_we_count_it_by_its_own(bool weDial)
    {
        using var dir = new TempDirectory("cabal-peer-id");
        await using var js = JsReference.Start(["cabal", "--store", dir.Combine("js"), "--trace-frames"]);
        var ready = await js.WaitForLineAsync(l => l.IsEvent("ready"), Wait);
        await using var cabal = await Cabal.OpenAsync(dir.Combine("cs"), CabalKey.Parse(ready.Str("key")));
        var added = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dropped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cabal.PeerAdded += (_, key) => added.TrySetResult(key);
        cabal.PeerDropped += (_, key) => dropped.TrySetResult(key);

        ReplicationSession session;
        if (weDial)
        {
            var port = (await CommandAsync(js, """{"cmd":"directListen"}""", "directListen")).GetProperty("port").GetInt32();
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port);
            session = await cabal.StartReplicationAsync(socket, isInitiator: true);
        }
        else
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var accept = listener.AcceptAsync();
            await CommandAsync(js, $$"""{"cmd":"directConnect","port":{{((IPEndPoint)listener.LocalEndPoint!).Port}}}""", "directConnect");
            session = await cabal.StartReplicationAsync(await accept.WaitAsync(Wait), isInitiator: false);
        }

        await using (session)
        {
            var peerAdded = await js.WaitForLineAsync(l => l.IsEvent("peer-added"), Wait);
            Assert.Equal(cabal.LocalKey, peerAdded.Str("key"));
            Assert.Equal(ready.Str("local"), await added.Task.WaitAsync(Wait));
            // cabal-core's first stream-level frames are the pinned vectors our sessions reproduce
            // (Kappa.Multifeed.Tests ExtensionTests): Options with peer-id 5th, then peer-id as id 4.
            var frames = js.Lines.Where(l => l.IsEvent("frame")).Select(l => l.Str("hex")).Take(2).ToList();
            Assert.Equal(CabalOptionsFrame, frames[0]);
            Assert.Equal("4b0f04" + Convert.ToHexStringLower(Kappa.Swarm.PeerIdExtension.Encode(ready.Str("local"))), frames[1]);
            Assert.Equal([ready.Str("local")], cabal.Peers);
            await session.WhenSyncedAsync().WaitAsync(Wait); // the extension did not disturb replication
        }
        Assert.Equal(ready.Str("local"), await dropped.Task.WaitAsync(Wait));
        Assert.Empty(cabal.Peers);
        var peerDropped = await js.WaitForLineAsync(l => l.IsEvent("peer-dropped"), Wait);
        Assert.Equal(cabal.LocalKey, peerDropped.Str("key"));
    }

    private static Task<JsonElement> CommandAsync(JsProcess js, string json, string name) => js.RequestAsync(json, name, Wait);
}

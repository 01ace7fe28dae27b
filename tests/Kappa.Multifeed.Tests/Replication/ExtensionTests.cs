using System.Buffers;
using System.Text;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.Multifeed.Tests.Hostile;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Replication;

/// <summary>Applications' own stream extensions (ReplicationOptions.Extensions) beside multifeed's four.</summary>
public class ExtensionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // Produced by cabal-core 13.2.0 (its swarm.js on a connection; tests/interop/lib/cabal-peer.js
    // --trace-frames): the plaintext stream-level frames it sends first, for local key PeerIdKey.
    private const string PeerIdKey = "330fbfcab3ac8df582ecfbb3bd0dd842e5c8eef6aaeb14b9856a2ea6d229bfe1";
    private const string CabalOptionsFrame = "67010a134d554c5449464545445f48414e445348414b450a124d554c5449464545445f4d414e49464553540a194d554c5449464545445f5245504c49434154455f46454544530a174d554c5449464545445f524551554553545f46454544530a07706565722d6964";
    private const string CabalPeerIdFrame = "4b0f047b226964223a2233333066626663616233616338646635383265636662623362643064643834326535633865656636616165623134623938353661326561366432323962666531227d";

    [Fact]
    public async Task A_peer_id_extension_is_announced_after_the_four_multifeed_names_and_sent_first_with_cabal_cores_exact_bytes()
    {
        using var dir = new TempDirectory("ext-golden");
        await using var store = await FeedStore.OpenAsync(dir.Combine("s"));
        var (client, server) = await Loopback.ConnectedPairAsync();
        using var _c = client;
        using var _s = server;
        var options = new ReplicationOptions
        {
            Live = true,
            Extensions = [new ReplicationExtension("peer-id") { OpenPayload = Encoding.UTF8.GetBytes("{\"id\":\"" + PeerIdKey + "\"}") }],
        };
        var ours = store.StartReplicationAsync(server, isInitiator: false, options);
        await using var peer = await ScriptedPeer.ConnectAsync(client, isInitiator: true);
        await using var session = await ours;

        var frames = new List<string>();
        using var cts = new CancellationTokenSource(Wait);
        while (frames.Count < 2)
        {
            var frame = await peer.Connection.ReadFrameAsync(cts.Token) ?? throw new InvalidOperationException("the stream ended");
            if (frame.Channel != 0) continue; // the root channel's Open
            var buffer = new ArrayBufferWriter<byte>();
            FrameWriter.Write(buffer, 0, frame.Type, frame.Body.ToArray());
            frames.Add(Convert.ToHexStringLower(buffer.WrittenSpan));
        }
        Assert.Equal(CabalOptionsFrame, frames[0]); // MULTIFEED_* keep ids 0–3, peer-id is 4
        Assert.Equal(CabalPeerIdFrame, frames[1]);

        // multifeed's handshake still goes out with id 0 once the root channel is open.
        await peer.HandshakeAsync();
    }

    [Fact]
    public async Task Each_side_hears_the_others_open_payload_and_a_non_live_session_still_completes()
    {
        using var dir = new TempDirectory("ext-both");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await (await a.WriterAsync("a")).AppendAsync("x");
        var heardByA = new List<string>();
        var heardByB = new List<string>();
        var (client, server) = await Loopback.ConnectedPairAsync();
        using var _c = client;
        using var _s = server;
        var ra = a.ReplicateAsync(client, true, With(new ReplicationExtension("app") { OpenPayload = "from a"u8.ToArray(), Received = m => heardByA.Add(Encoding.UTF8.GetString(m.Span)) }));
        var rb = b.ReplicateAsync(server, false, With(
            new ReplicationExtension("app") { OpenPayload = "from b"u8.ToArray(), Received = m => heardByB.Add(Encoding.UTF8.GetString(m.Span)) },
            new ReplicationExtension("zz-only-b") { OpenPayload = new byte[] { 0xff, 0x00, 0xfe } })); // a has no such extension: ignored there
        await Task.WhenAll(ra, rb).WaitAsync(Wait);

        Assert.Equal(["from b"], heardByA);
        Assert.Equal(["from a"], heardByB);
        Assert.Equal(1, (await rb).Progress.BlocksReceived);
    }

    [Fact]
    public async Task Binary_payloads_under_an_extension_we_did_not_register_are_ignored()
    {
        // A peer announcing extensions we do not know (here one with binary payloads) must not fail
        // our session: abstract-extension only dispatches names both sides registered.
        using var dir = new TempDirectory("ext-unknown");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await (await b.WriterAsync("b")).AppendAsync("y");
        var (client, server) = await Loopback.ConnectedPairAsync();
        using var _c = client;
        using var _s = server;
        var ra = a.ReplicateAsync(client, true, ReplicationOptions.Default);
        var rb = b.ReplicateAsync(server, false, With(new ReplicationExtension("peer-id") { OpenPayload = new byte[] { 0x7b, 0xff, 0xfe, 0x00 } }));
        await Task.WhenAll(ra, rb).WaitAsync(Wait);
        Assert.Equal(1, (await ra).Progress.BlocksReceived);
    }

    [Theory]
    [InlineData("MULTIFEED_HANDSHAKE")]
    [InlineData("")]
    [InlineData("twice")]
    public async Task An_extension_name_that_is_empty_repeated_or_multifeeds_own_is_refused_before_connecting(string name)
    {
        using var dir = new TempDirectory("ext-names");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        var (client, server) = await Loopback.ConnectedPairAsync();
        using var _c = client;
        using var _s = server;
        var extensions = name == "twice" ? new[] { new ReplicationExtension("twice"), new ReplicationExtension("twice") } : [new ReplicationExtension(name)];
        await Assert.ThrowsAsync<ArgumentException>(() => a.StartReplicationAsync(client, true, new ReplicationOptions { Extensions = extensions }));
    }

    private static ReplicationOptions With(params ReplicationExtension[] extensions) => new() { Extensions = extensions };
}

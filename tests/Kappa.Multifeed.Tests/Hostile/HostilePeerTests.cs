using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;
using Kappa.Multifeed.Replication;
using Kappa.Protocol;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Hostile;

/// <summary>Each hostile peer gets a clear typed error within seconds, and the store keeps only verified blocks.</summary>
public class HostilePeerTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Random_bytes_instead_of_a_handshake_fail_with_a_handshake_error()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        await fixture.Client.SendAsync(garbage);
        var e = await Assert.ThrowsAsync<ProtocolException>(fixture.StartAsync);
        Assert.Contains(e.Code, new[] { ProtocolException.Handshake, ProtocolException.FrameTooLarge, ProtocolException.BadVarint });
        fixture.AssertQuick();
        Assert.Single(fixture.Store.Feeds);
    }

    [Fact]
    public async Task A_silent_peer_times_out()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var e = await Assert.ThrowsAsync<ProtocolException>(fixture.StartAsync);
        Assert.Equal(ProtocolException.Timeout, e.Code);
        fixture.AssertQuick();
    }

    [Fact]
    public async Task A_peer_that_goes_silent_after_the_handshake_times_out()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        var e = await Assert.ThrowsAsync<ProtocolException>(() => session.Completion);
        Assert.Equal(ProtocolException.Timeout, e.Code);
        fixture.AssertQuick();
    }

    [Fact]
    public async Task A_frame_claiming_a_huge_length_is_refused_at_once()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        var header = new byte[10];
        var n = Varint.Write(header, 1UL << 30); // a frame declaring 1 GiB: refused from its length alone
        peer.Connection.WriteRaw(header.AsSpan(0, n));
        await peer.FlushAsync();
        var e = await Assert.ThrowsAsync<ProtocolException>(() => session.Completion);
        Assert.Equal(ProtocolException.FrameTooLarge, e.Code);
        fixture.AssertQuick();
    }

    [Fact]
    public async Task A_connection_cut_in_the_middle_of_a_frame_is_reported_as_truncated()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var (session, peer) = await fixture.ConnectScriptedAsync();
        peer.Connection.WriteRaw([0x40, 0x10, 1, 2, 3]); // 64 bytes announced, 4 sent
        await peer.Connection.CompleteAsync();
        var e = await Assert.ThrowsAsync<ProtocolException>(() => session.Completion);
        Assert.Equal(ProtocolException.Truncated, e.Code);
        fixture.AssertQuick();
        await peer.DisposeAsync();
    }

    [Fact]
    public async Task A_peer_speaking_another_multifeed_version_is_refused()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        peer.OpenRoot();
        peer.SendExtension(0, "{\"client\":\"MULTIFEED\",\"version\":\"5.0.0\"}");
        await peer.FlushAsync();
        var e = await Assert.ThrowsAsync<ReplicationException>(() => session.Completion);
        Assert.Equal(ReplicationException.VersionMismatch, e.Code);
        fixture.AssertQuick();
    }

    [Fact]
    public async Task A_manifest_that_is_not_json_is_refused()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        await peer.HandshakeAsync();
        peer.SendExtension(1, "{\"keys\": [oops");
        await peer.FlushAsync();
        var e = await Assert.ThrowsAsync<ReplicationException>(() => session.Completion);
        Assert.Equal(ReplicationException.BadMessage, e.Code);
        fixture.AssertQuick();
    }

    [Fact]
    public async Task A_flood_of_feed_keys_is_refused_before_any_feed_is_created()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync(ScriptedPeerFixture.HostileOptions with { MaxNewFeeds = 100 });
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        await peer.HandshakeAsync();
        var keys = Enumerable.Range(0, 5000).Select(i => "\"" + Convert.ToHexStringLower(Discovery.DiscoveryKey(BitConverter.GetBytes(i))) + "\"");
        peer.SendExtension(1, "{\"keys\":[" + string.Join(',', keys) + ",\"not-a-key\"]}");
        await peer.FlushAsync();
        var e = await Assert.ThrowsAsync<ReplicationException>(() => session.Completion);
        Assert.Equal(ReplicationException.Flood, e.Code);
        fixture.AssertQuick();
        Assert.Single(fixture.Store.Feeds);
    }

    [Theory]
    [InlineData("value")]
    [InlineData("signature")]
    [InlineData("proof")]
    [InlineData("missing-signature")]
    public async Task A_tampered_block_fails_verification_and_nothing_of_it_is_stored(string tamper)
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        await using var feed = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { KeyPair = KeyPair.FromSeed(new byte[32]) });
        await feed.AppendRawBatchAsync(Enumerable.Range(0, 10).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i, 42 }).ToList());
        var request = await peer.OfferFeedAsync(feed);

        Assert.True(feed.TryBuildProof(request.Index, request.Nodes, new SparseBitSet(), out var proof));
        var value = proof!.Value.ToArray();
        var nodes = proof.Nodes.Select(n => WireMessages.Node(n.Index, n.Hash, n.Size)).ToList();
        var signature = proof.Signature ?? [];
        switch (tamper)
        {
            case "value": value[0] ^= 1; break;
            case "signature": signature = [.. signature]; signature[3] ^= 0x10; break;
            case "proof": nodes[0] = WireMessages.Node(nodes[0].Index, new byte[32], nodes[0].Size); break;
            case "missing-signature": signature = []; break;
        }
        peer.Send(request.Channel, MessageType.Data, WireMessages.Data(request.Index, value, nodes, signature));
        await peer.FlushAsync();

        var e = await Assert.ThrowsAsync<FeedException>(() => session.Completion);
        Assert.Equal(FeedException.VerificationFailed, e.Code);
        fixture.AssertQuick();
        var copy = fixture.Store.Feed(feed.Key)!;
        Assert.Equal(0, copy.CountStored(0, 10));
        Assert.True((await copy.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task Requests_and_haves_for_absurd_indices_are_ignored_and_the_session_goes_on()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var mine = fixture.Store.Feeds[0];
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        await peer.HandshakeAsync();
        var manifest = await peer.ReadUntilAsync((_, t, m) => m is string s && s.StartsWith("1:", StringComparison.Ordinal), Quick);
        peer.SendExtension(3, "[\"" + mine.Key + "\"]");
        await peer.FlushAsync();
        await peer.ReadUntilAsync((_, t, m) => m is string s && s.StartsWith("2:", StringComparison.Ordinal), Quick);
        var channel = peer.Open(mine.Key.Span);
        peer.Send(channel, MessageType.Request, WireMessages.Request(1UL << 40, 0));
        peer.Send(channel, MessageType.Have, WireMessages.Have(ulong.MaxValue - 5, 1UL << 60));
        peer.Send(channel, MessageType.Want, WireMessages.Want(0, 1048576));
        await peer.FlushAsync();
        var have = await peer.ReadUntilAsync((_, t, m) => m is Have h && h.HasBitfield, Quick);
        Assert.NotNull(have.Message);
        Assert.False(session.Completion.IsCompleted);
    }
}

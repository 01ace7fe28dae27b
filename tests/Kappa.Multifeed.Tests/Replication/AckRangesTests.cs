using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;
using Kappa.Multifeed.Tests.Hostile;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Multifeed.Tests.Replication;

/// <summary>
/// `kappa-ack-ranges`: a peer that names it in a feed's Options gets one Have{start, length, ack}
/// per run of blocks stored together; a peer that does not (JS hypercore 8, whose <c>onhave</c>
/// reads an ack as the one block at <c>start</c>) gets exactly one ack per block. The other side
/// here is a scripted peer, so each Have we send is seen as it is on the wire.
/// </summary>
public class AckRangesTests
{
    private const int Blocks = 40; // under the default 64 requests per feed: all are asked for at once
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_peer_that_names_kappa_ack_ranges_gets_runs_of_stored_blocks_acknowledged_in_fewer_haves()
    {
        var acks = await DeliverAndCollectAcksAsync(["kappa-ack-ranges"]);
        AssertEachBlockAckedOnce(acks);
        Assert.True(acks.Count < Blocks, $"{acks.Count} acks for {Blocks} blocks delivered in one write: expected runs");
        Assert.Contains(acks, a => a.Length > 1);
    }

    [Fact]
    public async Task A_peer_that_does_not_name_it_gets_one_ack_per_block_as_hypercore_8_expects()
    {
        var acks = await DeliverAndCollectAcksAsync([]);
        AssertEachBlockAckedOnce(acks);
        Assert.Equal(Blocks, acks.Count);
        Assert.All(acks, a => Assert.Equal(1UL, a.Length));
    }

    [Fact]
    public async Task Our_side_asks_for_acks_and_names_kappa_ack_ranges_in_each_feeds_options()
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync();
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        await using var __ = session;
        await using var feed = await OpenSourceFeedAsync();
        await peer.OfferFeedAsync(feed);
        var options = peer.Received.Where(r => r.Channel != 0 && r.Type == MessageType.Options).Select(r => (Options)r.Message).Single();
        Assert.True(options.Ack);
        Assert.Contains("kappa-ack-ranges", options.Extensions);
    }

    /// <summary>Offers a feed, answers all of our side's requests in one write, and returns the acks it sends back (length 1 when unset).</summary>
    private static async Task<List<(ulong Start, ulong Length)>> DeliverAndCollectAcksAsync(string[] extensions)
    {
        await using var fixture = await ScriptedPeerFixture.CreateAsync(ScriptedPeerFixture.HostileOptions with { Timeout = Quick });
        var (session, peer) = await fixture.ConnectScriptedAsync();
        await using var _ = peer;
        await using var __ = session;
        await using var feed = await OpenSourceFeedAsync();
        var first = await peer.OfferFeedAsync(feed, askAcks: extensions);

        var requests = new Dictionary<ulong, ulong> { [first.Index] = first.Nodes };
        while (requests.Count < Blocks)
        {
            var (_, _, message, _) = await peer.ReadUntilAsync((_, t, _) => t == MessageType.Request, Quick);
            var request = (Request)message;
            requests[request.Index] = request.Nodes;
        }
        foreach (var (index, nodes) in requests.OrderBy(r => r.Key))
        {
            Assert.True(feed.TryBuildProof(index, nodes, new SparseBitSet(), out var proof));
            var proofNodes = proof!.Nodes.Select(n => WireMessages.Node(n.Index, n.Hash, n.Size));
            peer.Send(first.Channel, MessageType.Data, WireMessages.Data(index, proof.Value, proofNodes, proof.Signature ?? []));
        }
        await peer.FlushAsync();

        var acks = new List<(ulong Start, ulong Length)>();
        ulong acked = 0;
        while (acked < Blocks)
        {
            var (_, _, message, _) = await peer.ReadUntilAsync((_, t, m) => t == MessageType.Have && ((Have)m).Ack, Quick);
            var have = (Have)message;
            var length = have.HasLength ? have.Length : 1;
            acks.Add((have.Start, length));
            acked += length;
        }
        Assert.Equal(Blocks, fixture.Store.Feed(feed.Key)!.CountStored(0, Blocks));
        return acks;
    }

    private static void AssertEachBlockAckedOnce(List<(ulong Start, ulong Length)> acks)
    {
        var blocks = acks.SelectMany(a => Enumerable.Range((int)a.Start, (int)a.Length)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Blocks), blocks);
    }

    private static async Task<Feed> OpenSourceFeedAsync()
    {
        var feed = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { KeyPair = KeyPair.FromSeed(new byte[32]) });
        await feed.AppendRawBatchAsync(Enumerable.Range(0, Blocks).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i, 7 }).ToList());
        return feed;
    }
}

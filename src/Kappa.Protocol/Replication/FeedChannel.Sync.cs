using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

/// <summary>
/// Whether this feed is in sync with the peer, known from what the peer said rather than
/// assumed: we hold every block the peer announced, and the peer holds every block we hold —
/// learned from its answer to our Want (its bitfield), its Have announcements, and its
/// acknowledgements of the blocks we sent (hypercore 8 <c>ack</c>: after <c>Options{ack:true}</c>
/// the peer answers each stored Data with <c>Have{start:index, length:1, ack:true}</c>,
/// lib/replicate.js <c>ondata</c>). A peer that told us (Status) it is not downloading counts as
/// in sync for upload. Live sessions go in and out of sync as blocks are appended.
/// </summary>
internal sealed partial class FeedChannel
{
    private bool _remoteAck;

    /// <summary>
    /// Named in the feed-level Options by Kappa.NET peers: "acknowledge a run of stored blocks
    /// with one Have{start, length, ack}". A peer that does not name it (JS hypercore 8, whose
    /// <c>onhave</c> treats an ack as one block at <c>start</c>) gets one ack per block. JS keeps
    /// feed-level extension names it does not know and sends nothing under them.
    /// </summary>
    internal const string AckRangesExtension = "kappa-ack-ranges";

    private bool _remoteAckRanges;
    private bool _reportedInSync;
    private long _peerMissingHint;

    /// <summary>True when both sides hold the same blocks of this feed, as far as the peer told us (or the channel finished).</summary>
    public bool InSync => Finished || (RemoteOpened && DownloadSettled && PeerHoldsOurs);

    /// <summary>We fetched everything the peer announced (or we do not download this feed).</summary>
    private bool DownloadSettled => !_downloading || (WantsAnswered && _inflight.Count == 0 && NothingLeftToFetch());

    /// <summary>The peer holds every block we hold (or it said it does not download).</summary>
    private bool PeerHoldsOurs => !_remoteDownloading || (WantsAnswered && FirstBlockPeerLacks() >= Feed.Length);

    /// <summary>Lowest block we hold that the peer has not told us it holds. The hint only moves back when we store an older block or the peer drops one.</summary>
    private long FirstBlockPeerLacks()
    {
        var b = _peerMissingHint;
        var length = Feed.Length;
        while (b < length && (!Feed.Has(b) || _remoteHas.Get((ulong)b))) b++;
        _peerMissingHint = b;
        return b;
    }

    /// <summary>A block was stored here after the hint passed it: the peer may lack it.</summary>
    private void NoteStored(long index) => _peerMissingHint = Math.Min(_peerMissingHint, index);

    /// <summary>An acknowledgement (not an announcement) of a block we sent: the peer stored it.</summary>
    private bool TryTakeAck(in HaveFields have)
    {
        if (!have.Ack || have.HasBitfield || !Feed.Has((long)have.Start)) return false;
        // A range only from a peer we told we understand ranges; each block must be one we hold.
        var end = have.Length > 1 ? Math.Min(have.Start + Math.Min(have.Length, MaxPlainHave), (ulong)Feed.Length) : have.Start + 1;
        for (var block = have.Start; block < end; block++)
            if (Feed.Has((long)block)) _remoteHas.Set(block);
        return true;
    }

    /// <summary>Tells the session when this channel goes in or out of sync.</summary>
    private void UpdateSync()
    {
        var now = InSync;
        if (now == _reportedInSync) return;
        _reportedInSync = now;
        Session.ChannelSyncChanged(this, now);
    }

    /// <summary>Acknowledges a block stored from the peer, once it is durable (called by the session after the commit).</summary>
    internal void Acknowledge(long start, int count)
    {
        if (LocallyClosed || !_remoteAck) return;
        if (_remoteAckRanges) Session.Send(LocalId, MessageType.Have, new BlockMessageWriter.AckBody((ulong)start, (ulong)count));
        else
            for (var i = 0; i < count; i++) Session.Send(LocalId, MessageType.Have, new BlockMessageWriter.AckBody((ulong)(start + i)));
    }
}

using Kappa.Hypercore;
using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

internal sealed partial class FeedChannel
{
    /// <summary>A Have with a plain range longer than this is clipped (JS only sends such ranges for appended batches).</summary>
    private const ulong MaxPlainHave = 1 << 20;

    private readonly SparseBitSet _remoteHas = new();
    private readonly Dictionary<long, DateTimeOffset> _inflight = [];
    private readonly HashSet<long> _wanted = [];
    private readonly HashSet<ulong> _wantsSent = [];
    private long _remoteLength;
    private int _wantsUnanswered;
    private bool _wantAnswered;
    private long _cursor;
    private long _missingHint;
    private bool _downloadDone;

    /// <summary>Want{region, 1048576} for each region the peer may have (at most 16 outstanding, as hypercore).</summary>
    private void SendWants()
    {
        // Sent even when we do not download (our own writer): the answer is the peer's bitfield,
        // i.e. which of our blocks it already holds (see FeedChannel.Sync.cs).
        if (!RemoteOpened || !_remoteUploading || LocallyClosed) return;
        for (ulong region = 0; _wantsSent.Count < 16; region++)
        {
            if (region > 0 && region * WantRegion >= (ulong)_remoteLength) break;
            if (!_wantsSent.Add(region)) continue;
            _wantsUnanswered++;
            Session.Send(LocalId, MessageType.Want, WireMessages.Want(region * WantRegion, WantRegion));
        }
    }

    private void OnHave(HaveFields have)
    {
        if (have.Start >= FeedBitfield.MaxBlocks) return;
        if (TryTakeAck(have)) return;
        // A Have for a whole want region answers one of our Wants (hypercore counts inflightWants the same way).
        if (have.Length == WantRegion && _wantsUnanswered > 0)
        {
            _wantsUnanswered--;
            _wantAnswered = true;
        }
        if (have.HasBitfield)
        {
            var maxBytes = (int)Math.Min(have.Length / 8 + 8, WantRegion / 8 * 16);
            var bits = BitfieldRle.Decode(have.Bitfield, maxBytes);
            long last = -1;
            for (var i = 0; i < bits.Length; i++)
            {
                if (bits[i] == 0) continue;
                for (var b = 0; b < 8; b++)
                {
                    if ((bits[i] & (0x80 >> b)) == 0) continue;
                    var block = (long)have.Start + 8L * i + b;
                    if (block >= (long)FeedBitfield.MaxBlocks) break;
                    _remoteHas.Set((ulong)block);
                    last = block;
                }
            }
            if (last + 1 > _remoteLength) _remoteLength = last + 1;
        }
        else
        {
            var length = Math.Min(have.Length, MaxPlainHave);
            var end = Math.Min(have.Start + length, FeedBitfield.MaxBlocks);
            for (var block = have.Start; block < end; block++) _remoteHas.Set(block);
            if ((long)end > _remoteLength) _remoteLength = (long)end;
        }
        _downloadDone = false;
        _missingHint = Math.Min(_missingHint, (long)have.Start);
        _cursor = Math.Min(_cursor, (long)have.Start);
        SendWants();
        Update();
    }

    private void OnUnhave(Unhave unhave)
    {
        var end = Math.Min(unhave.Start + Math.Min(unhave.Length, MaxPlainHave), FeedBitfield.MaxBlocks);
        for (var block = unhave.Start; block < end; block++) _remoteHas.Clear(block);
        NoteStored((long)unhave.Start);
    }

    private readonly TreeNode[] _nodeBuffer = new TreeNode[BlockMessageReader.MaxNodes];

    private void OnData(DataFields data)
    {
        var index = (long)data.Index;
        if (!_inflight.Remove(index))
        {
            // Not requested: refuse it, tell the peer we do not have it (hypercore 8 ondata).
            if (data.HasValue && !Feed.Has(index)) Session.Send(LocalId, MessageType.Unhave, WireMessages.Unhave(data.Index));
            return;
        }
        Session.ReturnRequestSlots(1);
        if (!data.HasValue) { _reservations.Release(index); Update(); return; } // we never ask for hash-only replies
        if (data.BadNodeHash)
        {
            _reservations.Release(index);
            throw new FeedException(FeedException.VerificationFailed, Feed.Key.ToString(), index, "proof node hash is not 32 bytes");
        }
        t_storing = this;
        try
        {
            // Verification failures throw: the session fails with the reason and nothing of the block is stored.
            if (Feed.Put(data.Index, data.Value, data.Nodes, data.Signature, deferCommit: true))
            {
                Session.NoteDeferredCommit(Feed);
                if (_remoteAck) Session.AcknowledgeAfterCommit(this, index);
                Session.Counters.Received(data.Value.Length);
                _wanted.Remove(index);
                NoteStored(index);
            }
        }
        finally
        {
            t_storing = null;
            // Released after the store, so a waiting channel of another session finds the block stored.
            _reservations.Release(index);
        }
        Update();
    }

    /// <summary>Keeps up to MaxRequests requests in flight, in block order; ends the channel when there is nothing left to fetch.</summary>
    private void Update()
    {
        if (LocallyClosed || !RemoteOpened) return;
        if (_downloading && _remoteUploading)
        {
            if (_settings.Sparse) RequestWanted();
            else RequestNext();
        }
        if (!_settings.Live && !_settings.Sparse && _downloading && !_downloadDone && WantsAnswered && _inflight.Count == 0 && NothingLeftToFetch())
        {
            _downloadDone = true;
            End();
        }
    }

    /// <summary>The peer has told us what it holds: every Want answered (or it stopped uploading).</summary>
    private bool WantsAnswered => (_wantAnswered && _wantsUnanswered == 0) || !_remoteUploading;

    private void RequestNext()
    {
        for (var pass = 0; pass < 2; pass++)
        {
            while (_inflight.Count < _settings.MaxRequests && _cursor < _remoteLength)
            {
                var block = _cursor++;
                if (!_remoteHas.Get((ulong)block) || Feed.Has(block)) continue;
                if (!Session.TryTakeRequestSlot(this))
                {
                    _cursor = block; // resume here when a slot frees up
                    return;
                }
                if (!_reservations.TryReserve(block, _wakeOnRelease))
                {
                    Session.ReturnRequestSlots(1);
                    continue;
                }
                Request(block);
            }
            if (_cursor < _remoteLength) return;
            // Wrapped: blocks announced behind the cursor, or released by another peer, are picked up from the lowest missing one.
            var first = FirstMissing();
            if (first >= _remoteLength) return;
            _cursor = first;
        }
    }

    private void RequestWanted()
    {
        foreach (var block in _wanted.ToList())
        {
            if (_inflight.Count >= _settings.MaxRequests) return;
            if (Feed.Has(block)) { _wanted.Remove(block); continue; }
            if (!_remoteHas.Get((ulong)block) || _inflight.ContainsKey(block)) continue;
            if (!Session.TryTakeRequestSlot(this)) return;
            if (_reservations.TryReserve(block, _wakeOnRelease)) Request(block);
            else Session.ReturnRequestSlots(1);
        }
    }

    private void Request(long block)
    {
        _inflight[block] = Session.Time.GetUtcNow();
        Session.Send(LocalId, MessageType.Request, new BlockMessageWriter.RequestBody((ulong)block, Feed.Digest((ulong)block)));
    }

    /// <summary>Lowest block the peer has and we lack. Blocks only ever become stored, so the scan resumes from a hint a Have may lower.</summary>
    private long FirstMissing()
    {
        var b = _missingHint;
        while (b < _remoteLength && (!_remoteHas.Get((ulong)b) || Feed.Has(b))) b++;
        _missingHint = b;
        return b;
    }

    /// <summary>Every block the peer announced is stored here (or held by another peer's request, which will finish it).</summary>
    private bool NothingLeftToFetch() => FirstMissing() >= _remoteLength;

    private void CheckRequestTimeout(DateTimeOffset now)
    {
        foreach (var (block, sent) in _inflight)
            if (now - sent > _settings.RequestTimeout)
                throw new ProtocolException(ProtocolException.Timeout, $"Request timeout: the peer did not answer for block {block} of feed {Feed.Key} within {_settings.RequestTimeout.TotalSeconds:0} s");
    }

    private void ReleaseAllRequests()
    {
        foreach (var block in _inflight.Keys) _reservations.Release(block);
        if (_inflight.Count > 0) Session.ReturnRequestSlots(_inflight.Count);
        _inflight.Clear();
    }

    /// <summary>Woken by the session when request slots freed up.</summary>
    internal void Resume() => Update();
}

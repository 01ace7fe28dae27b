using Kappa.Hypercore;
using Kappa.Hypercore.Tree;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

internal sealed partial class FeedChannel
{
    private bool _remoteWant;
    private ITreeBits? _remoteTree;
    private readonly UploadReadAhead _readAhead = new();

    /// <summary>Want: answer with our length and our bitfield for the region; from now on announce news.</summary>
    private void OnWant(Want want)
    {
        if (!_uploading) return;
        // hypercore answers only 8192-aligned regions (bitfield paging).
        if ((want.Start & 8191) != 0 || (want.Length & 8191) != 0) return;
        var length = Feed.Length;
        if (!_remoteWant && length > 0 && Feed.Has(length - 1)) Session.Send(LocalId, MessageType.Have, WireMessages.Have((ulong)length - 1));
        _remoteWant = true;
        Session.Send(LocalId, MessageType.Have, WireMessages.Have(want.Start, want.Length, BitfieldFor(want.Start, want.Length)));
    }

    /// <summary>Our data bitfield for [start, start+length), truncated to what we hold, RLE-encoded (JS <c>bitfield.compress</c>).</summary>
    private byte[] BitfieldFor(ulong start, ulong length)
    {
        var firstByte = (long)(start / 8);
        var held = Math.Max(0, (Feed.Length + 7) / 8 - firstByte);
        var count = (int)Math.Min(held, (long)(length / 8));
        if (count <= 0) return [];
        var bytes = new byte[count];
        Feed.CopyDataBitfield(firstByte, bytes);
        var encoded = new byte[BitfieldRle.EncodedLength(bytes)];
        BitfieldRle.Encode(bytes, encoded);
        return encoded;
    }

    /// <summary>Request: send the block with the proof nodes the peer lacks (and a signature when it reaches our roots).</summary>
    private void OnRequest(RequestFields request)
    {
        if (!_uploading || request.Bytes != 0) return; // byte-offset requests are not used by kappa peers
        _remoteTree ??= new SparseBitSet();
        ReadOnlyMemory<byte> value, signature;
        ReadOnlyMemory<TreeNode> nodes;
        try
        {
            if (!Feed.TryBuildProof(request.Index, request.Nodes, _remoteTree, _readAhead, out value, out nodes, out signature)) return; // not ours to give
        }
        catch (FeedException e) when (e.Code == FeedException.BlockCorrupt)
        {
            return; // never serve a block that fails our own verification
        }
        Session.Send(LocalId, MessageType.Data, new BlockMessageWriter.DataBody(request.Index, !request.Hash, value, nodes, signature));
        if (!request.Hash) Session.Counters.Sent(value.Length);
        if ((long)request.Index + 1 > _remoteLength) _remoteLength = (long)request.Index + 1;
    }
}

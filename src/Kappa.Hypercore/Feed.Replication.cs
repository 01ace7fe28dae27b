using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>The uploader and downloader halves used by replication (hypercore-crypto.md §6–7).</summary>
public sealed partial class Feed
{
    /// <summary>Byte offsets beyond 2^44 (16 TiB, the ext4 file limit) are refused before anything is written.</summary>
    private const long MaxDataOffset = 1L << 44;

    /// <summary>The <c>Request.nodes</c> digest for block <paramref name="block"/> from our tree bits.</summary>
    internal ulong Digest(ulong block)
    {
        lock (_writeLock) return TreeIndex.Digest(_bitfield.Tree, 2 * block);
    }

    /// <summary>Copies data-bitfield bytes (8 blocks per byte, MSB first) starting at byte <paramref name="firstByte"/>.</summary>
    internal void CopyDataBitfield(long firstByte, Span<byte> destination)
    {
        lock (_writeLock) _bitfield.CopyDataBytes(firstByte, destination);
    }

    /// <summary>
    /// The value, proof nodes and signature for block <paramref name="block"/> as a new
    /// <see cref="FeedProof"/>; false when we cannot serve it.
    /// </summary>
    internal bool TryBuildProof(ulong block, ulong digest, ITreeBits remoteTree, out FeedProof? proof)
    {
        proof = null;
        var scratch = new UploadReadAhead();
        if (!TryBuildProof(block, digest, remoteTree, scratch, out var value, out var nodes, out var signature)) return false;
        proof = new FeedProof(value.ToArray(), nodes.ToArray(), signature.IsEmpty ? null : signature.ToArray());
        return true;
    }

    /// <summary>
    /// The value, proof nodes and signature for block <paramref name="block"/>; false when we
    /// cannot serve it. Values and nodes come from the run <paramref name="ahead"/> read last
    /// (refilled when the block is outside it); nodes and signature are written into its scratch
    /// buffers, valid until the next call with the same <paramref name="ahead"/> — an uploader
    /// answers a request without allocating.
    /// </summary>
    internal bool TryBuildProof(ulong block, ulong digest, ITreeBits remoteTree, UploadReadAhead ahead,
        out ReadOnlyMemory<byte> value, out ReadOnlyMemory<TreeNode> nodes, out ReadOnlyMemory<byte> signature)
    {
        value = default;
        nodes = default;
        signature = default;
        var indices = ahead.ProofIndices;
        indices.Clear();
        ulong verifiedBy;
        lock (_writeLock)
        {
            if (!_bitfield.HasData(block)) return false;
            if (!TreeIndex.Proof(_bitfield.Tree, 2 * block, digest, remoteTree, indices, out verifiedBy)) return false;
        }
        if (verifiedBy != 0)
        {
            if (!_files.TryReadSignature(verifiedBy / 2 - 1, ahead.Signature))
            {
                // Our own latest lengths may still be queued for signing: sign them now and look again.
                if (!Writable) return false;
                SignPending();
                if (!_files.TryReadSignature(verifiedBy / 2 - 1, ahead.Signature)) return false; // a torn store: we cannot prove that length
            }
            signature = ahead.Signature;
        }
        if (!ahead.TryGetValue((long)block, out value))
            value = FillReadAhead((long)block, ahead) && ahead.TryGetValue((long)block, out value) ? value : ReadBlock((long)block);
        var buffer = ahead.ProofNodes(indices.Count);
        for (var i = 0; i < indices.Count; i++)
            if (!ahead.TryGetNode(indices[i], out buffer[i]) && !_files.TryReadNode(indices[i], out buffer[i]))
                throw Error(FeedException.StoreCorrupt, (long)block, $"tree node {indices[i]} is marked present but missing from the tree file");
        nodes = buffer.AsMemory(0, indices.Count);
        return true;
    }

    /// <summary>
    /// Verifies a block received from a peer against its proof (and signature, when the proof
    /// reaches the roots) and stores it. Nothing is written unless everything verifies. Returns
    /// false when we already had the block.
    /// </summary>
    /// <exception cref="FeedException"><see cref="FeedException.VerificationFailed"/> for a bad block, proof or signature.</exception>
    /// <remarks>
    /// With <paramref name="deferCommit"/> the bitfield pages (the commit point) are written at the
    /// next <see cref="CommitDownloads"/> or after <see cref="MaxDeferredPuts"/> blocks, not per
    /// block: a crash in between only loses downloaded blocks, which are fetched again. Fsync
    /// durability always commits at once.
    /// </remarks>
    internal bool Put(ulong block, ReadOnlySpan<byte> value, ReadOnlySpan<TreeNode> proofNodes, ReadOnlySpan<byte> signature, bool deferCommit = false)
    {
        ThrowIfClosed();
        if (Writable) return false; // our own writer is never downloaded into
        if (block >= FeedBitfield.MaxBlocks) throw Error(FeedException.TooLarge, (long)block, "block index beyond 2^32");
        foreach (ref readonly var n in proofNodes)
            if (n.Index >= 4 * FeedBitfield.MaxBlocks) throw Error(FeedException.VerificationFailed, (long)block, $"proof node index {n.Index} is out of range");

        long oldLength, newLength;
        lock (_writeLock)
        {
            ThrowIfClosed();
            if (_bitfield.HasData(block)) return false;
            var verified = new BlockVerifier(this, block, value, proofNodes, signature, _verifiedNodes).Verify();
            oldLength = _length;
            WriteVerified(block, value, verified, deferCommit && _options.Durability != FeedDurability.Fsync);
            newLength = _length;
        }
        SignalChange();
        if (newLength > oldLength) Appended?.Invoke(this, new FeedAppendedEventArgs(oldLength, newLength));
        Downloaded?.Invoke(this, new BlockDownloadedEventArgs((long)block, value.Length));
        return true;
    }

    /// <summary>Downloaded blocks whose bitfield pages may wait before being written.</summary>
    internal const int MaxDeferredPuts = 256;

    // Where the block after the last one stored from a peer starts in the data file (under the write lock).
    private ulong _nextDownload;
    private long _nextDownloadOffset;

    /// <summary>Scratch for the nodes a verification brings (used under the write lock only).</summary>
    private readonly List<TreeNode> _verifiedNodes = [];

    private int _deferredPuts;

    /// <summary>Writes the bitfield pages of downloaded blocks whose commit was deferred.</summary>
    internal void CommitDownloads()
    {
        lock (_writeLock)
        {
            if (_closed || _deferredPuts == 0) return;
            _deferredPuts = 0;
            CommitBitfield();
        }
    }

    private void WriteVerified(ulong block, ReadOnlySpan<byte> value, VerifiedBlock verified, bool deferCommit)
    {
        foreach (var node in verified.Nodes)
        {
            // Never overwrite a stored node with a different one (a forked writer or a lying peer).
            if (_bitfield.Tree.Get(node.Index) && _files.TryReadNode(node.Index, out var stored) && !stored.SameAs(node))
                throw Error(FeedException.VerificationFailed, (long)block, $"proof node {node.Index} conflicts with the stored tree (fork?)");
        }
        // Blocks arrive in order from an in-order downloader: the next one starts where this one ends (no root walk).
        var offset = block == _nextDownload && block > 0 ? _nextDownloadOffset : DataOffsetWith(block, verified.Nodes);
        if (offset + value.Length > MaxDataOffset) throw Error(FeedException.TooLarge, (long)block, "block offset beyond 16 TiB");

        if (deferCommit)
        {
            // Held back until the commit writes the bitfield: a burst of blocks costs one tree and one data write.
            foreach (var node in verified.Nodes) _files.StageNode(node);
            _files.Data.Stage(offset, value);
        }
        else
        {
            foreach (var node in verified.Nodes) _files.WriteNode(node);
            _files.Data.Write(offset, value);
        }
        if (!verified.Signature.IsEmpty) _files.WriteSignature(verified.VerifiedLength - 1, verified.Signature);
        if (_options.Durability == FeedDurability.Fsync)
        {
            _files.Data.Flush();
            _files.Tree.Flush();
            _files.Signatures.Flush();
        }
        _nextDownload = block + 1;
        _nextDownloadOffset = offset + value.Length;
        foreach (var node in verified.Nodes) TreeIndex.Set(_bitfield.Tree, node.Index);
        TreeIndex.Set(_bitfield.Tree, 2 * block);
        _bitfield.SetData(block, true);
        if (!deferCommit || ++_deferredPuts >= MaxDeferredPuts)
        {
            _deferredPuts = 0;
            CommitBitfield();
        }

        if (verified.Roots is { } roots && (long)verified.VerifiedLength > _length)
        {
            long bytes = 0;
            foreach (var r in roots) bytes += (long)r.Size;
            _roots = roots;
            Volatile.Write(ref _byteLength, bytes);
            Volatile.Write(ref _length, (long)verified.VerifiedLength);
        }
    }

    /// <summary>Data offset using freshly verified nodes first, stored nodes otherwise (hypercore <c>dataOffset</c>).</summary>
    private long DataOffsetWith(ulong block, ReadOnlySpan<TreeNode> fresh)
    {
        Span<ulong> roots = stackalloc ulong[64];
        var n = FlatTree.FullRoots(2 * block, roots);
        long offset = 0;
        for (var i = 0; i < n; i++)
        {
            var found = false;
            foreach (var f in fresh)
            {
                if (f.Index != roots[i]) continue;
                offset += (long)f.Size;
                found = true;
                break;
            }
            if (found) continue;
            if (!_files.TryReadNode(roots[i], out var node))
                throw Error(FeedException.VerificationFailed, (long)block, $"tree node {roots[i]} needed to place the block is unknown");
            offset += (long)node.Size;
        }
        return offset;
    }

    internal ITreeBits TreeBits => _bitfield.Tree;

    internal TreeNode ReadStoredNode(ulong index, long block) =>
        _files.TryReadNode(index, out var node)
            ? node
            : throw Error(FeedException.StoreCorrupt, block, $"tree node {index} is marked present but missing from the tree file");
}

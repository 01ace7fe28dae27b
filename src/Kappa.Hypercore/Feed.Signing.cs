using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>
/// Signatures that trail the append (the default, non-fsync durability): an awaited append
/// commits its data, tree nodes and bitfield and returns; the Ed25519 signature of its length —
/// about half the CPU of a single append — is made on another core while the caller goes on.
/// </summary>
/// <remarks>
/// Why this keeps every promise:
/// - The signature of a length is a function of the roots at that length and the secret key
///   (Ed25519 is deterministic), so signing later writes the same bytes as signing at once: a
///   feed whose signer has caught up is byte for byte the feed hypercore 8 writes.
/// - Nothing reads a pending signature: a proof for a peer (TryBuildProof),
///   <see cref="VerifyAsync"/>, <see cref="FlushAsync"/> and closing first sign what is pending.
/// - A process killed with signatures pending loses no acknowledged block: the bitfield
///   committed them, and the next open, finding the last length unsigned, re-derives the
///   unsigned tail from the data and signs it (<see cref="TrySignTrailingLength"/>).
/// - At most <see cref="MaxPendingSignatures"/> lengths wait: beyond that the appender signs
///   them itself, so a writer faster than one core's signing neither grows a queue without
///   bound nor leaves a long tail to re-derive after a crash.
/// With <see cref="FeedDurability.Fsync"/> every append is signed and synced before it returns,
/// as before.
/// </remarks>
public sealed partial class Feed
{
    /// <summary>How many appended lengths may wait for their signature.</summary>
    internal const int MaxPendingSignatures = 256;

    private readonly Lock _pendingGate = new();
    // The signer's turn: held while signing, so the slots are written in order and a reader that
    // needs them waits for the batch in hand instead of signing it a second time.
    private readonly Lock _signerTurn = new();
    private List<PendingSignature> _pendingSignatures = [];
    private List<PendingSignature> _signingNow = [];
    private bool _signerScheduled;
    private bool _filesClosed; // set under the signer's turn, so no signature is written after closing

    private readonly record struct PendingSignature(long Length, Hash32 TreeHash);

    /// <summary>Queues the signature of <paramref name="length"/> (caller holds the write lock).</summary>
    private void QueueSignature(long length, in Hash32 treeHash)
    {
        bool schedule, full;
        lock (_pendingGate)
        {
            _pendingSignatures.Add(new PendingSignature(length, treeHash));
            full = _pendingSignatures.Count >= MaxPendingSignatures;
            schedule = !full && !_signerScheduled;
            if (schedule) _signerScheduled = true;
        }
        if (full) SignCommitted(); // a failure leaves them queued (see there)
        else if (schedule) ThreadPool.UnsafeQueueUserWorkItem(static feed => feed.SignInBackground(), this, preferLocal: false);
    }

    /// <summary>
    /// Signs what is queued without throwing; false when a write failed. The blocks are committed
    /// and acknowledged, so a failed signature write must not fail an append (a caller would
    /// append it again): the lengths stay queued for the next turn, and an open after a crash
    /// signs them (<see cref="TrySignTrailingLength"/>).
    /// </summary>
    private bool SignCommitted()
    {
        try
        {
            SignPending();
            return true;
        }
        catch (KappaException) { return false; }
    }

    private void SignInBackground()
    {
        var signed = false;
        try { signed = SignCommitted(); }
        finally
        {
            bool again;
            lock (_pendingGate)
            {
                // After a failure the next append, flush or proof tries again: no retry loop here.
                again = signed && _pendingSignatures.Count > 0 && !_closed;
                _signerScheduled = again;
            }
            if (again) ThreadPool.UnsafeQueueUserWorkItem(static feed => feed.SignInBackground(), this, preferLocal: false);
        }
    }

    /// <summary>Signs and writes every queued length, on the calling thread; returns when none is pending.</summary>
    private void SignPending()
    {
        lock (_signerTurn)
        {
            for (; ; )
            {
                lock (_pendingGate)
                {
                    if (_pendingSignatures.Count == 0) return;
                    (_signingNow, _pendingSignatures) = (_pendingSignatures, _signingNow);
                }
                try
                {
                    if (_secretKey is null || _filesClosed) return;
                    WriteSignatures(_signingNow);
                }
                catch (KappaException)
                {
                    // A full disk or an I/O error: the lengths stay queued, in order, and are
                    // signed again by the next turn (the blocks are committed; an open would
                    // also sign them). Slots already written are written again with the same bytes.
                    lock (_pendingGate)
                    {
                        _signingNow.AddRange(_pendingSignatures);
                        _pendingSignatures.Clear();
                        (_signingNow, _pendingSignatures) = (_pendingSignatures, _signingNow);
                    }
                    throw;
                }
                finally { _signingNow.Clear(); }
            }
        }
    }

    /// <summary>Signs a run of lengths and writes consecutive slots with one write each.</summary>
    private void WriteSignatures(List<PendingSignature> queued)
    {
        const int RunSlots = 32;
        Span<byte> run = stackalloc byte[RunSlots * SleepFiles.SignatureSlot];
        var i = 0;
        while (i < queued.Count)
        {
            var first = queued[i].Length;
            var n = 0;
            while (i < queued.Count && n < RunSlots && queued[i].Length == first + n)
            {
                var hash = queued[i].TreeHash;
                Sodium.SignDetached(run.Slice(n * SleepFiles.SignatureSlot, SleepFiles.SignatureSlot), hash, _secretKey!);
                n++;
                i++;
            }
            _files.Signatures.Write(SleepFiles.HeaderSize + (first - 1) * SleepFiles.SignatureSlot, run[..(n * SleepFiles.SignatureSlot)]);
        }
    }

    /// <summary>How many blocks past the last signed length an open re-derives before it falls back to a full recovery.</summary>
    private const long MaxTrailingBlocks = 1L << 20;

    /// <summary>
    /// Open's counterpart of the trailing signer: the writer's last length is committed but its
    /// signature was not written (the process stopped with signatures queued). Re-derives the
    /// blocks since the last length whose signature verifies — each block against its leaf, each
    /// parent against its children, the result against the stored roots — and signs the length
    /// (writing the signature unless <paramref name="readOnly"/>). False when anything disagrees:
    /// that is damage, for <see cref="Recover"/>.
    /// </summary>
    private static bool TrySignTrailingLength(SleepFiles files, FeedKey key, byte[] secretKey, bool readOnly,
        FeedBitfield bitfield, long length, out TreeNode[] roots)
    {
        roots = [];
        if (length == 0 || !bitfield.HasExactly(length) || !TryLoadRoots(files, length, out var stored)) return false;

        // The last signed length before it: blank slots are lengths inside a batch or still queued.
        Span<byte> signature = stackalloc byte[SleepFiles.SignatureSlot];
        var signedLength = length - 1;
        while (signedLength > 0 && !files.TryReadSignature((ulong)signedLength - 1, signature))
            if (length - --signedLength > MaxTrailingBlocks) return false;
        var tree = new List<TreeNode>();
        if (signedLength > 0)
        {
            if (!TryLoadRoots(files, signedLength, out var signedRoots)) return false;
            var signedHash = MerkleHash.TreeHash(signedRoots);
            if (!Sodium.VerifyDetached(signature, signedHash, key.Span)) return false;
            tree.AddRange(signedRoots);
        }

        long offset = 0;
        foreach (var r in tree) offset += (long)r.Size;
        for (var b = signedLength; b < length; b++)
        {
            if (!files.TryReadNode(2 * (ulong)b, out var leaf) || !FeedScan.LeafMatches(files, leaf, offset)) return false;
            offset += (long)leaf.Size;
            tree.Add(leaf);
            while (tree.Count >= 2 && FlatTree.Sibling(tree[^1].Index) == tree[^2].Index)
            {
                var parent = MerkleHash.Parent(tree[^2], tree[^1]);
                if (!files.TryReadNode(parent.Index, out var storedParent) || !storedParent.SameAs(parent)) return false;
                tree.RemoveRange(tree.Count - 2, 2);
                tree.Add(parent);
            }
        }
        if (tree.Count != stored.Length) return false;
        for (var i = 0; i < stored.Length; i++) if (!tree[i].SameAs(stored[i])) return false;

        if (!readOnly)
        {
            var hash = MerkleHash.TreeHash(stored);
            Sodium.SignDetached(signature, hash, secretKey);
            files.WriteSignature((ulong)length - 1, signature);
        }
        roots = stored;
        return true;
    }
}

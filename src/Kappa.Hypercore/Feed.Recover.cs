using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

public sealed partial class Feed
{
    /// <summary>What opening this feed repaired after a crash or power loss; null when it opened as stored.</summary>
    public FeedRecovery? Recovery { get; private set; }

    /// <summary>
    /// The check every open makes: the roots of the length the bitfield claims are stored, its
    /// signature verifies against them, and the last block hashes to its leaf. This is all a
    /// process kill can leave half-done (the bitfield is written last, hypercore-storage.md §8).
    /// Returns null when sound, else what is wrong.
    /// </summary>
    private static string? CheckTail(SleepFiles files, FeedKey key, bool writable, FeedBitfield bitfield, long length, out TreeNode[] roots)
    {
        if (!TryLoadRoots(files, length, out roots)) return $"tree nodes for length {length} are missing from the tree file";
        if (length == 0) return writable && !bitfield.HasExactly(0) ? "data bits are set for an empty feed" : null;
        Span<byte> signature = stackalloc byte[SleepFiles.SignatureSlot];
        if (files.TryReadSignature((ulong)length - 1, signature))
        {
            var hash = MerkleHash.TreeHash(roots);
            if (!Sodium.VerifyDetached(signature, hash, key.Span)) return $"the signature for length {length} does not verify";
        }
        // hypercore treats a downloaded feed with a blank last slot as non-live; a writer always signs its length.
        else if (writable) return $"the signature for length {length} is missing";
        // A torn or reordered bitfield page can disagree with itself: a writer holds exactly its blocks.
        if (writable && !bitfield.HasExactly(length)) return $"the data bits do not say blocks 0…{length - 1} exactly";
        var last = (ulong)length - 1;
        if (!bitfield.HasData(last)) return null;
        if (!files.TryReadNode(2 * last, out var leaf)) return $"the tree leaf of block {last} is missing";
        long byteLength = 0;
        foreach (var r in roots) byteLength += (long)r.Size;
        return FeedScan.LeafMatches(files, leaf, byteLength - (long)leaf.Size) ? null : $"block {last} does not match its tree leaf";
    }

    /// <summary>
    /// Cuts a damaged feed back to its longest verifiable prefix: a writer re-derives it from its
    /// own data (FeedScan.Writer) and signs it again when the signature was lost; a downloaded
    /// feed falls back to its last signed length (FeedScan.Download) and downloads the rest again.
    /// With <paramref name="readOnly"/> the result is kept in memory only (another process may own the files).
    /// </summary>
    private static FeedRecovery? Recover(SleepFiles files, FeedKey key, byte[]? secretKey, bool readOnly, string? reason,
        ref FeedBitfield bitfield, ref long length, out TreeNode[] roots)
    {
        files.ForgetNodes();
        var plan = secretKey is not null
            ? FeedScan.Writer(files, key, bitfield, length)
            : FeedScan.Download(files, key, bitfield, length);
        roots = plan.Roots;
        if (!plan.Changes(length)) return null;
        var before = length;
        var resign = false;
        if (!readOnly)
        {
            resign = plan.Apply(files, secretKey);
            files.FlushAll(); // a recovery is made durable whatever the durability mode: it is rare and cuts data
            files.ForgetNodes();
        }
        bitfield = plan.Bitfield;
        length = plan.Length;
        return new FeedRecovery(before, plan.Length, plan.BytesDropped, plan.BlocksDropped, resign,
            plan.Repairs.Count, plan.TornSignatures.Count, reason ?? plan.FirstDamage ?? "a full check found nothing to repair");
    }
}

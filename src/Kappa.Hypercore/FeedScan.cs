using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>
/// Finds the longest verifiable prefix of a damaged feed and what must be rewritten to make the
/// files say exactly that (the plan <see cref="Apply"/> carries out). Read-only until applied.
/// </summary>
internal sealed partial class FeedScan
{
    private FeedScan(FeedBitfield bitfield) => Bitfield = bitfield;

    /// <summary>The recovered length.</summary>
    public long Length { get; private set; }

    /// <summary>The roots at <see cref="Length"/>.</summary>
    public TreeNode[] Roots { get; private set; } = [];

    /// <summary>The bitfield the recovered feed should have.</summary>
    public FeedBitfield Bitfield { get; }

    /// <summary>Parent nodes whose stored slot is missing or torn, recomputed from verified children.</summary>
    public List<TreeNode> Repairs { get; } = [];

    /// <summary>Signature slots holding bytes that verify nothing.</summary>
    public List<long> TornSignatures { get; } = [];

    /// <summary>A writer's recovered length has no valid signature yet.</summary>
    public bool NeedsSignature { get; private set; }

    /// <summary>Data bytes beyond the recovered prefix (a writer's data file is cut there).</summary>
    public long BytesDropped { get; private set; }

    /// <summary>The first damage found, for people.</summary>
    public string? FirstDamage { get; private set; }

    private long _byteLength;
    private bool _bitsChanged;
    private long _dropped;

    /// <summary>Blocks the old bitfield marked stored that the recovered one does not.</summary>
    public long BlocksDropped => _dropped;

    public bool Changes(long claimed) =>
        Length != claimed || Repairs.Count > 0 || TornSignatures.Count > 0 || NeedsSignature || BytesDropped > 0 || _bitsChanged;

    private void Damage(string what) => FirstDamage ??= what;

    /// <summary>
    /// A writer's feed, forward from block 0: each leaf must hash its data, parents are
    /// recomputed (torn ones repaired), signatures checked against the roots of their length.
    /// The prefix ends at the first bad block; past the bitfield's length it extends only to a
    /// valid signature (the writer finished that batch and was about to commit it).
    /// </summary>
    public static FeedScan Writer(SleepFiles files, FeedKey key, FeedBitfield old, long claimed)
    {
        var scan = new FeedScan(new FeedBitfield());
        var bound = Math.Max(claimed, (files.Tree.Length - SleepFiles.HeaderSize + SleepFiles.TreeSlot) / (2 * SleepFiles.TreeSlot));
        var roots = new List<TreeNode>();
        long bytes = 0, verified = 0, signed = 0, bytesAtSigned = 0, bytesAtClaimed = 0;
        TreeNode[] rootsAtSigned = [], rootsAtClaimed = [];
        Span<byte> slot = stackalloc byte[SleepFiles.TreeSlot];
        Span<byte> signature = stackalloc byte[SleepFiles.SignatureSlot];
        for (long b = 0; b < bound; b++)
        {
            var n = files.Tree.Read(SleepFiles.HeaderSize + 2 * b * SleepFiles.TreeSlot, slot);
            if (!SleepFiles.TryDecodeNode(2 * (ulong)b, slot[..n], out var leaf)) { scan.Damage($"the tree leaf of block {b} is missing or torn"); break; }
            if (!LeafMatches(files, leaf, bytes)) { scan.Damage($"block {b} does not match its tree leaf (lost or torn data)"); break; }
            roots.Add(leaf);
            while (roots.Count >= 2 && FlatTree.Sibling(roots[^1].Index) == roots[^2].Index)
            {
                var parent = MerkleHash.Parent(roots[^2], roots[^1]);
                roots.RemoveRange(roots.Count - 2, 2);
                roots.Add(parent);
                if (!files.TryReadNode(parent.Index, out var stored) || !stored.SameAs(parent)) scan.Repairs.Add(parent);
            }
            bytes += (long)leaf.Size;
            verified = b + 1;
            if (verified == claimed) (rootsAtClaimed, bytesAtClaimed) = ([.. roots], bytes);
            if (files.TryReadSignature((ulong)b, signature))
            {
                var hash = MerkleHash.TreeHash(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(roots));
                if (Sodium.VerifyDetached(signature, hash, key.Span)) (signed, rootsAtSigned, bytesAtSigned) = (verified, [.. roots], bytes);
                else scan.TornSignatures.Add(b);
            }
        }
        if (verified < claimed) (rootsAtClaimed, bytesAtClaimed) = ([.. roots], bytes);
        var within = Math.Min(verified, claimed);
        (scan.Length, scan.Roots, scan._byteLength) = signed > within ? (signed, rootsAtSigned, bytesAtSigned) : (within, rootsAtClaimed, bytesAtClaimed);
        if (scan.Length < claimed) scan.Damage($"blocks {scan.Length}…{claimed - 1} could not be verified");
        scan.NeedsSignature = scan.Length > 0 && signed != scan.Length && !SignedAt(files, key, scan.Length, scan.Roots);
        if (scan.NeedsSignature) scan.Damage($"the signature for length {scan.Length} is missing or torn");
        var cut = 2 * scan.Length;
        scan.Repairs.RemoveAll(p => FlatTree.RightSpan(p.Index) >= (ulong)cut);
        scan.TornSignatures.RemoveAll(s => s >= scan.Length);
        scan.BytesDropped = Math.Max(0, files.Data.Length - scan._byteLength);
        for (var b = 0UL; b < (ulong)scan.Length; b++)
        {
            scan.Bitfield.SetData(b, true);
            TreeIndex.Set(scan.Bitfield.Tree, 2 * b);
        }
        scan.CompareBits(old, claimed);
        return scan;
    }

    private static bool SignedAt(SleepFiles files, FeedKey key, long length, TreeNode[] roots)
    {
        Span<byte> signature = stackalloc byte[SleepFiles.SignatureSlot];
        if (!files.TryReadSignature((ulong)length - 1, signature)) return false;
        var hash = MerkleHash.TreeHash(roots);
        return Sodium.VerifyDetached(signature, hash, key.Span);
    }

    /// <summary>Whether the data at <paramref name="offset"/> hashes to <paramref name="leaf"/>.</summary>
    internal static bool LeafMatches(SleepFiles files, in TreeNode leaf, long offset)
    {
        if (leaf.Size > int.MaxValue || offset + (long)leaf.Size > files.Data.Length) return false;
        var data = System.Buffers.ArrayPool<byte>.Shared.Rent((int)leaf.Size);
        try
        {
            var span = data.AsSpan(0, (int)leaf.Size);
            return files.Data.Read(offset, span) == span.Length && MerkleHash.Leaf(leaf.Index, span).SameAs(leaf);
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(data); }
    }
}

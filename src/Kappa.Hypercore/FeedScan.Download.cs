using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

internal sealed partial class FeedScan
{
    /// <summary>
    /// A feed downloaded from others: we cannot sign, so it falls back to the longest length whose
    /// stored signature verifies against its stored roots. Stored blocks below it that do not
    /// hash to their leaf lose their data and leaf bits; everything above it is forgotten. Both
    /// are downloaded again (our tree bits no longer tell peers we hold them). Interior proof nodes
    /// cannot be checked on their own (we may lack their children); a torn one stays typed damage
    /// on read until the block is downloaded again.
    /// </summary>
    public static FeedScan Download(SleepFiles files, FeedKey key, FeedBitfield old, long claimed)
    {
        var scan = new FeedScan(new FeedBitfield());
        Span<byte> signature = stackalloc byte[SleepFiles.SignatureSlot];
        for (var s = claimed; s > 0 && scan.Length == 0; s--)
        {
            if (!files.TryReadSignature((ulong)s - 1, signature) || !Feed.TryLoadRoots(files, s, out var roots)) continue;
            var hash = MerkleHash.TreeHash(roots);
            if (Sodium.VerifyDetached(signature, hash, key.Span)) (scan.Length, scan.Roots) = (s, roots);
            else scan.TornSignatures.Add(s - 1);
        }
        if (scan.Length < claimed) scan.Damage($"no signature verifies lengths {scan.Length + 1}…{claimed}");
        for (var s = scan.Length - 1; s > 0; s--)
        {
            // Older signatures torn by the same power cut: blanked (a downloader need not keep every one).
            if (!files.TryReadSignature((ulong)s - 1, signature) || !Feed.TryLoadRoots(files, s, out var roots)) continue;
            var hash = MerkleHash.TreeHash(roots);
            if (!Sodium.VerifyDetached(signature, hash, key.Span)) scan.TornSignatures.Add(s - 1);
        }

        var badLeaves = new HashSet<ulong>();
        for (var b = 0UL; b < (ulong)scan.Length; b++)
        {
            if (!old.HasData(b)) continue;
            if (files.TryReadNode(2 * b, out var leaf) && Offset(files, b) is { } offset && LeafMatches(files, leaf, offset))
                scan.Bitfield.SetData(b, true);
            else
            {
                badLeaves.Add(2 * b);
                scan.Damage($"block {b} does not match its tree leaf (lost or torn data)");
            }
        }
        var highest = Math.Min(old.Tree.Highest, 2 * scan.Length - 2);
        for (var i = 0L; i <= highest; i++)
            if (old.Tree.Get((ulong)i) && FlatTree.RightSpan((ulong)i) < 2 * (ulong)scan.Length && !badLeaves.Contains((ulong)i) && files.TryReadNode((ulong)i, out _))
                scan.Bitfield.Tree.Set((ulong)i);
        scan.CompareBits(old, claimed);
        return scan;
    }

    /// <summary>Where block <paramref name="block"/> starts in the data file (sum of the sizes of the roots left of it), or null when a root is missing.</summary>
    private static long? Offset(SleepFiles files, ulong block)
    {
        long offset = 0;
        foreach (var i in FlatTree.FullRoots(2 * block))
        {
            if (!files.TryReadNode(i, out var node)) return null;
            offset += (long)node.Size;
        }
        return offset;
    }

    /// <summary>Counts stored blocks the recovered bitfield drops and notes whether any bit changed.</summary>
    private void CompareBits(FeedBitfield old, long claimed)
    {
        var top = (ulong)Math.Max(claimed, Length);
        for (var b = 0UL; b < top; b++)
            if (old.HasData(b) && !Bitfield.HasData(b)) _dropped++;
        _bitsChanged = !Bitfield.SameBits(old);
    }
}

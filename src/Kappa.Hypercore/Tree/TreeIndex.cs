namespace Kappa.Hypercore.Tree;

/// <summary>
/// hypercore 8.14 <c>lib/tree-index.js</c> over a node set (hypercore-crypto.md §7): setting with
/// parent propagation, the requester's <c>digest</c>, the uploader's <c>proof</c>,
/// <c>verifiedBy</c> and the length derived from tree bits (<c>blocks</c>).
/// </summary>
internal static class TreeIndex
{
    /// <summary>Sets <paramref name="index"/> and every parent whose sibling is also set; false when it was already set.</summary>
    public static bool Set(ITreeBits bits, ulong index)
    {
        if (!bits.Set(index)) return false;
        while (bits.Get(FlatTree.Sibling(index)))
        {
            index = FlatTree.Parent(index);
            if (!bits.Set(index)) break;
        }
        return true;
    }

    /// <summary>
    /// The <c>Request.nodes</c> digest for tree node <paramref name="index"/>: which proof nodes
    /// the requester already holds (1 = all it needs, 0 = send everything).
    /// </summary>
    public static ulong Digest(ITreeBits bits, ulong index)
    {
        if (bits.Get(index)) return 1;
        ulong digest = 0;
        var next = FlatTree.Sibling(index);
        // JS uses the tree bitfield's bit length: 8 × (highest byte held + 1).
        var bitLength = bits.Highest < 0 ? 0UL : 8 * ((ulong)bits.Highest / 8 + 1);
        var max = Math.Max(next + 2, bitLength);
        ulong bit = 2;
        var parent = FlatTree.Parent(next);
        while (FlatTree.RightSpan(next) < max || FlatTree.LeftSpan(parent) > 0)
        {
            if (bits.Get(next)) digest += bit;
            if (bits.Get(parent))
            {
                digest += 2 * bit;
                if ((digest & 1) == 0) digest += 1;
                if (digest + 1 == 4 * bit) return 1;
                return digest;
            }
            next = FlatTree.Sibling(parent);
            parent = FlatTree.Parent(next);
            if (bit >= 1UL << 62) break; // a 64-bit digest cannot describe deeper trees
            bit *= 2;
        }
        return digest;
    }

    /// <summary>
    /// Which nodes to send with block node <paramref name="index"/> to a peer whose known tree is
    /// <paramref name="remoteTree"/> (updated as JS does). Returns false when we lack the node.
    /// <paramref name="verifiedBy"/> is non-zero when a signature must go with the proof (the
    /// signature of length verifiedBy/2).
    /// </summary>
    public static bool Proof(ITreeBits bits, ulong index, ulong digest, ITreeBits remoteTree, List<ulong> nodes, out ulong verifiedBy)
    {
        verifiedBy = 0;
        if (!bits.Get(index)) return false;
        if (digest == 1) return true;

        var next = index;
        var hasRoot = (digest & 1) != 0;
        digest >>= 1;
        while (digest != 0)
        {
            if (digest == 1 && hasRoot)
            {
                if (bits.Get(next)) Set(remoteTree, next);
                if (FlatTree.Sibling(next) < next) next = FlatTree.Sibling(next);
                Span<ulong> roots = stackalloc ulong[64];
                foreach (var r in roots[..FlatTree.FullRoots(FlatTree.RightSpan(next) + 2, roots)])
                    if (bits.Get(r)) Set(remoteTree, r);
                break;
            }
            var sibling = FlatTree.Sibling(next);
            if ((digest & 1) != 0 && bits.Get(sibling)) Set(remoteTree, sibling);
            next = FlatTree.Parent(next);
            digest >>= 1;
        }

        next = index;
        while (!remoteTree.Get(next))
        {
            var sibling = FlatTree.Sibling(next);
            if (!bits.Get(sibling))
            {
                // next is one of our roots: add the other roots the peer lacks, and sign.
                verifiedBy = VerifiedBy(bits, next);
                Span<ulong> roots = stackalloc ulong[64];
                foreach (var r in roots[..FlatTree.FullRoots(verifiedBy, roots)])
                    if (r != next && !remoteTree.Get(r)) nodes.Add(r);
                return true;
            }
            if (!remoteTree.Get(sibling)) nodes.Add(sibling);
            next = FlatTree.Parent(next);
        }
        return true;
    }

    /// <summary>2 × the length of the smallest complete tree the node at <paramref name="index"/> belongs to (0 if absent).</summary>
    public static ulong VerifiedBy(ITreeBits bits, ulong index)
    {
        if (!bits.Get(index)) return 0;
        var top = index;
        var parent = FlatTree.Parent(top);
        while (bits.Get(parent) && bits.Get(FlatTree.Sibling(top)))
        {
            top = parent;
            parent = FlatTree.Parent(top);
        }
        var depth = FlatTree.Depth(top);
        while (depth > 0)
        {
            top = (ulong)FlatTree.LeftChild(FlatTree.Index(depth, FlatTree.Offset(top) + 1));
            depth--;
            while (!bits.Get(top) && depth > 0)
            {
                top = (ulong)FlatTree.LeftChild(top);
                depth--;
            }
        }
        return bits.Get(top) ? top + 2 : top;
    }

    /// <summary>The feed length implied by the tree bits (hypercore <c>blocks()</c>), used on open.</summary>
    public static ulong Blocks(ITreeBits bits)
    {
        if (bits.Highest < 0) return 0;
        var max = (ulong)bits.Highest + 1;
        ulong top = 0, next = 0;
        while (FlatTree.RightSpan(next) < max)
        {
            next = FlatTree.Parent(next);
            if (bits.Get(next)) top = next;
        }
        return (bits.Get(top) ? VerifiedBy(bits, top) : 0) / 2;
    }
}

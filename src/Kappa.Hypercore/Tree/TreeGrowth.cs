using System.Buffers;
using System.Runtime.CompilerServices;

namespace Kappa.Hypercore.Tree;

/// <summary>
/// The parents that appending leaves to a tree creates, built a level at a time so that each
/// level's parents hash four at once (<see cref="MerkleHash.Parents"/>) — the same nodes
/// hypercore 8's merkle-tree-stream 2 emits one leaf at a time: at depth d the node with offset
/// m covers blocks [m·2^d, (m+1)·2^d) and is new when it is complete now and was not before.
/// </summary>
internal static class TreeGrowth
{
    /// <summary>
    /// Room for every parent a batch of <paramref name="leaves"/> leaves makes: k − popcount(new
    /// length) + popcount(old length), which is at most k + 63.
    /// </summary>
    public static int MaxParents(int leaves) => leaves + 64;

    /// <summary>
    /// Writes every new parent to <paramref name="parents"/> (by depth, then left to right; it must
    /// hold <see cref="MaxParents"/> nodes), sets <paramref name="parentCount"/>, and returns the
    /// roots after <paramref name="leaves"/> (blocks from <paramref name="oldLength"/>) join a tree
    /// whose roots were <paramref name="oldRoots"/>.
    /// </summary>
    /// <remarks>
    /// Each level is built in <paramref name="parents"/> right after the one below it, so a batch
    /// allocates nothing but its roots: the caller's buffers come from a pool (fresh arrays of a
    /// 1000-block batch's nodes were zeroed and, past 85 KB, taken from the large-object heap on
    /// every append).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TreeNode[] Grow(ReadOnlySpan<TreeNode> oldRoots, ulong oldLength, ReadOnlySpan<TreeNode> leaves, Span<TreeNode> parents, out int parentCount)
    {
        if (parents.Length < MaxParents(leaves.Length)) throw new ArgumentException("the parents buffer must hold MaxParents(leaves) nodes", nameof(parents));
        var newLength = oldLength + (ulong)leaves.Length;
        // Level d (d ≥ 1) is parents[starts[d]..starts[d] + counts[d]], its first node's offset firsts[d].
        Span<int> starts = stackalloc int[64];
        Span<int> counts = stackalloc int[64];
        Span<ulong> firsts = stackalloc ulong[64];
        firsts[0] = oldLength;
        var levels = 1;
        var used = 0;
        for (var depth = 1; depth < 64; depth++)
        {
            // Nodes at this depth that end after the old length and are complete now.
            var first = oldLength >> depth;
            var end = newLength >> depth;
            if (first >= end) break;
            var below = depth == 1 ? leaves : parents.Slice(starts[depth - 1], counts[depth - 1]);
            var count = (int)(end - first);
            // Children in sibling pairs. The level below starts at offset 2·first, or one later when
            // the first left child ended within the old length: then that child is an old root.
            TreeNode[]? joined = null;
            ReadOnlySpan<TreeNode> pairs;
            if (firsts[depth - 1] == 2 * first) pairs = below[..(2 * count)];
            else
            {
                joined = ArrayPool<TreeNode>.Shared.Rent(2 * count);
                joined[0] = OldRoot(oldRoots, FlatTree.Index(depth - 1, 2 * first));
                below[..(2 * count - 1)].CopyTo(joined.AsSpan(1));
                pairs = joined.AsSpan(0, 2 * count);
            }
            MerkleHash.Parents(pairs, parents.Slice(used, count));
            if (joined is not null) ArrayPool<TreeNode>.Shared.Return(joined);
            starts[depth] = used;
            counts[depth] = count;
            firsts[depth] = first;
            used += count;
            levels++;
        }
        parentCount = used;

        var indices = FlatTree.FullRoots(2 * newLength);
        var roots = new TreeNode[indices.Length];
        for (var r = 0; r < indices.Length; r++)
        {
            var depth = FlatTree.Depth(indices[r]);
            var offset = FlatTree.Offset(indices[r]);
            if (depth < levels && offset >= firsts[depth])
            {
                var at = (int)(offset - firsts[depth]);
                roots[r] = depth == 0 ? leaves[at] : parents[starts[depth] + at];
            }
            else roots[r] = OldRoot(oldRoots, indices[r]);
        }
        return roots;
    }

    private static TreeNode OldRoot(ReadOnlySpan<TreeNode> roots, ulong index)
    {
        foreach (ref readonly var r in roots)
            if (r.Index == index) return r;
        throw new InvalidOperationException($"tree node {index} should be one of the roots before the append");
    }
}

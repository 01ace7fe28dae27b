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
    /// Adds every new parent to <paramref name="parents"/> (by depth, then left to right) and
    /// returns the roots after <paramref name="leaves"/> (blocks from <paramref name="oldLength"/>)
    /// join a tree whose roots were <paramref name="oldRoots"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TreeNode[] Grow(ReadOnlySpan<TreeNode> oldRoots, ulong oldLength, TreeNode[] leaves, List<TreeNode> parents)
    {
        var newLength = oldLength + (ulong)leaves.Length;
        var levels = new List<(ulong First, TreeNode[] Nodes)> { (oldLength, leaves) };
        for (var depth = 1; depth < 64; depth++)
        {
            // Nodes at this depth that end after the old length and are complete now.
            var first = oldLength >> depth;
            var end = newLength >> depth;
            if (first >= end) break;
            var (belowFirst, below) = levels[^1];
            var count = (int)(end - first);
            // Children in sibling pairs. The level below starts at offset 2·first, or one later when
            // the first left child ended within the old length: then that child is an old root.
            TreeNode[]? joined = null;
            ReadOnlySpan<TreeNode> pairs;
            if (belowFirst == 2 * first) pairs = below.AsSpan(0, 2 * count);
            else
            {
                joined = ArrayPool<TreeNode>.Shared.Rent(2 * count);
                joined[0] = OldRoot(oldRoots, FlatTree.Index(depth - 1, 2 * first));
                below.AsSpan(0, 2 * count - 1).CopyTo(joined.AsSpan(1));
                pairs = joined.AsSpan(0, 2 * count);
            }
            var level = new TreeNode[count];
            MerkleHash.Parents(pairs, level);
            if (joined is not null) ArrayPool<TreeNode>.Shared.Return(joined);
            parents.AddRange(level);
            levels.Add((first, level));
        }

        var indices = FlatTree.FullRoots(2 * newLength);
        var roots = new TreeNode[indices.Length];
        for (var r = 0; r < indices.Length; r++)
        {
            var depth = FlatTree.Depth(indices[r]);
            var offset = FlatTree.Offset(indices[r]);
            roots[r] = depth < levels.Count && offset >= levels[depth].First
                ? levels[depth].Nodes[offset - levels[depth].First]
                : OldRoot(oldRoots, indices[r]);
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

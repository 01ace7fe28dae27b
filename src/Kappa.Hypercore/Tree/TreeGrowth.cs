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
            var lefts = new TreeNode[count];
            var rights = new TreeNode[count];
            for (var i = 0; i < count; i++)
            {
                var left = 2 * (first + (ulong)i);
                // A left child that ended within the old length was one of the old roots.
                lefts[i] = left >= belowFirst ? below[left - belowFirst] : OldRoot(oldRoots, FlatTree.Index(depth - 1, left));
                rights[i] = below[left + 1 - belowFirst];
            }
            var level = new TreeNode[count];
            MerkleHash.Parents(lefts, rights, level);
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

using System.Runtime.CompilerServices;
using System.Numerics;

namespace Kappa.Hypercore.Tree;

/// <summary>
/// Flat-tree numbering (flat-tree 1.13, hypercore-crypto.md §3): block i is node 2i, parents are
/// odd. All functions are pure and allocation-free.
/// </summary>
internal static class FlatTree
{
    public static ulong Index(int depth, ulong offset) => ((offset << 1) + 1 << depth) - 1;

    /// <summary>Number of trailing 1-bits of <paramref name="i"/>.</summary>
    public static int Depth(ulong i) => BitOperations.TrailingZeroCount(~i);

    public static ulong Offset(ulong i)
    {
        if ((i & 1) == 0) return i >> 1;
        var depth = Depth(i);
        return ((i + 1 >> depth) - 1) >> 1;
    }

    public static ulong Parent(ulong i)
    {
        var depth = Depth(i);
        return Index(depth + 1, Offset(i, depth) >> 1);
    }

    public static ulong Sibling(ulong i)
    {
        var depth = Depth(i);
        return Index(depth, Offset(i, depth) ^ 1);
    }

    /// <summary>Left child, or -1 for a leaf (as flat-tree).</summary>
    public static long LeftChild(ulong i)
    {
        var depth = Depth(i);
        return depth == 0 ? -1 : (long)Index(depth - 1, Offset(i, depth) << 1);
    }

    /// <summary>Right child, or -1 for a leaf (as flat-tree).</summary>
    public static long RightChild(ulong i)
    {
        var depth = Depth(i);
        return depth == 0 ? -1 : (long)Index(depth - 1, (Offset(i, depth) << 1) + 1);
    }

    public static ulong LeftSpan(ulong i)
    {
        var depth = Depth(i);
        return depth == 0 ? i : Offset(i, depth) << depth + 1;
    }

    public static ulong RightSpan(ulong i)
    {
        var depth = Depth(i);
        return depth == 0 ? i : (Offset(i, depth) + 1 << depth + 1) - 2;
    }

    /// <summary>
    /// The roots of a tree whose leaves end before node <paramref name="index"/> (flat-tree
    /// <c>fullRoots</c>; <paramref name="index"/> must be even): for a feed of n blocks pass 2n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public static int FullRoots(ulong index, Span<ulong> roots)
    {
        if ((index & 1) != 0) throw new ArgumentException("fullRoots needs an even index", nameof(index));
        var tmp = index >> 1;
        ulong offset = 0, factor = 1;
        var n = 0;
        while (tmp != 0)
        {
            while (factor * 2 <= tmp) factor *= 2;
            roots[n++] = offset + factor - 1;
            offset += 2 * factor;
            tmp -= factor;
            factor = 1;
        }
        return n;
    }

    /// <summary>Full roots as a new array (convenience for non-hot paths).</summary>
    public static ulong[] FullRoots(ulong index)
    {
        Span<ulong> buf = stackalloc ulong[64];
        return buf[..FullRoots(index, buf)].ToArray();
    }

    private static ulong Offset(ulong i, int depth) => (i & 1) == 0 ? i >> 1 : ((i + 1 >> depth) - 1) >> 1;
}

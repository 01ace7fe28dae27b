using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Storage;

/// <summary>
/// A small direct-mapped cache of tree nodes (nodes never change once written, so no
/// invalidation is needed — except by recovery, which clears it). Proofs and data offsets keep asking for the same high-level nodes;
/// without it every request costs a dozen pread calls. Entries are immutable objects swapped in
/// by reference, so concurrent readers never see a torn node.
/// </summary>
internal sealed class TreeNodeCache
{
    private const int Slots = 1024;
    private const int SlotBits = 10;
    private readonly Entry?[] _slots = new Entry?[Slots];

    public bool TryGet(ulong index, out TreeNode node)
    {
        var e = Volatile.Read(ref _slots[Slot(index)]);
        if (e is not null && e.Node.Index == index)
        {
            node = e.Node;
            return true;
        }
        node = default;
        return false;
    }

    /// <summary>Forgets every node (recovery rewrote or cut the tree file).</summary>
    public void Clear() => Array.Clear(_slots);

    public void Put(in TreeNode node) => Volatile.Write(ref _slots[Slot(node.Index)], new Entry(node));

    // Fibonacci hashing: the roots every proof needs (2^k − 1, …) would all share one slot under a plain modulo.
    private static int Slot(ulong index) => (int)((index * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));

    private sealed class Entry(TreeNode node)
    {
        public TreeNode Node { get; } = node;
    }
}

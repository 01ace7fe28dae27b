using System.Runtime.CompilerServices;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Storage;

/// <summary>
/// A small direct-mapped cache of tree nodes (nodes never change once written, so no
/// invalidation is needed — except by recovery, which clears it). Proofs and data offsets keep asking for the same high-level nodes;
/// without it every request costs a dozen pread calls. Nodes are stored inline (no object per
/// node: a replicated block used to allocate two) and guarded per slot by a sequence number, so
/// concurrent readers never see a torn node: a writer makes the number odd while it copies,
/// a reader retries or misses when the number moved. Writers that find a slot busy skip it.
/// </summary>
internal sealed class TreeNodeCache
{
    private const int Slots = 1024;
    private const int SlotBits = 10;
    private readonly Slot[] _slots = new Slot[Slots];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public bool TryGet(ulong index, out TreeNode node)
    {
        ref var slot = ref _slots[SlotOf(index)];
        var before = Volatile.Read(ref slot.Sequence);
        if ((before & 1) == 0 && before != 0)
        {
            node = slot.Node;
            // The copy must be complete before the second read of the sequence (a load-load fence).
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref slot.Sequence) == before && node.Index == index) return true;
        }
        node = default;
        return false;
    }

    /// <summary>Forgets every node (recovery rewrote or cut the tree file).</summary>
    public void Clear()
    {
        // Overwritten through the writer protocol (never reset to 0), so a reader mid-copy always sees the number move.
        var none = new TreeNode(ulong.MaxValue, default, 0);
        for (var i = 0; i < _slots.Length; i++) Write(ref _slots[i], none);
    }

    public void Put(in TreeNode node) => Write(ref _slots[SlotOf(node.Index)], node);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    private static void Write(ref Slot slot, in TreeNode node)
    {
        var s = Volatile.Read(ref slot.Sequence);
        if ((s & 1) != 0 || Interlocked.CompareExchange(ref slot.Sequence, s + 1, s) != s) return; // another writer has it: a cache may miss
        slot.Node = node;
        Volatile.Write(ref slot.Sequence, s + 2 == 0 ? 2 : s + 2); // even and never 0 (0 = empty)
    }

    // Fibonacci hashing: the roots every proof needs (2^k − 1, …) would all share one slot under a plain modulo.
    private static int SlotOf(ulong index) => (int)((index * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));

    private struct Slot
    {
        public int Sequence;
        public TreeNode Node;
    }
}

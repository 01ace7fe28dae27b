using System.Buffers;
using System.Runtime.CompilerServices;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

public sealed partial class Feed
{
    private const int ChunkBlocks = 2048;
    // Keeps a chunk's data buffer under the large-object threshold (85 000 bytes): LOH buffers cost zeroing and gen-2 collections.
    private const int ChunkBytes = 64 << 10;

    /// <summary>
    /// Block <paramref name="seq"/>, verified against its tree node. When the block is not stored
    /// and <paramref name="wait"/> is true, waits until it is appended or downloaded (cancel with
    /// <paramref name="ct"/>); otherwise fails with <see cref="FeedException.BlockMissing"/>.
    /// </summary>
    /// <exception cref="FeedException"><see cref="FeedException.BlockCorrupt"/> when the stored bytes were changed.</exception>
    public async ValueTask<ReadOnlyMemory<byte>> GetRawAsync(long seq, bool wait = false, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        var awaiting = false;
        try
        {
            while (true)
            {
                ThrowIfClosed();
                var change = NextChange;
                if (Has(seq)) return ReadBlock(seq);
                if (!wait) throw Error(FeedException.BlockMissing, seq, Length <= seq ? $"the feed has {Length} blocks" : "the block is not stored locally");
                if (!awaiting)
                {
                    // Once per wait: a channel keeps a wanted block until it is stored, and a
                    // channel that subscribes later finds it in _awaited.
                    lock (_awaited) _awaited[seq] = _awaited.GetValueOrDefault(seq) + 1;
                    awaiting = true;
                    BlockWanted?.Invoke(seq);
                }
                await change.WaitAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (awaiting)
                lock (_awaited)
                    if (--_awaited[seq] == 0) _awaited.Remove(seq);
        }
    }


    /// <summary>Block <paramref name="seq"/> decoded with <see cref="ValueEncoding"/>.</summary>
    public async ValueTask<T> GetAsync<T>(long seq, bool wait = false, CancellationToken ct = default)
    {
        var raw = await GetRawAsync(seq, wait, ct).ConfigureAwait(false);
        return _options.ValueEncoding.Decode<T>(raw.Span);
    }

    /// <summary>
    /// Streams blocks from <paramref name="start"/> to <paramref name="end"/> (exclusive; -1 =
    /// the current length), each verified. Blocks missing locally are skipped. With
    /// <paramref name="live"/> and no end, keeps yielding new blocks as they arrive until cancelled.
    /// </summary>
    public async IAsyncEnumerable<FeedBlock> ReadRawAsync(long start = 0, long end = -1, bool live = false, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        var seq = start;
        while (true)
        {
            ThrowIfClosed();
            ct.ThrowIfCancellationRequested();
            var change = NextChange;
            var limit = end >= 0 ? Math.Min(end, Length) : Length;
            if (seq >= limit)
            {
                if ((end >= 0 && seq >= end) || !live) yield break;
                await change.WaitAsync(ct).ConfigureAwait(false);
                continue;
            }
            if (!Has(seq))
            {
                seq++;
                continue;
            }
            var chunk = ReadChunk(seq, limit);
            foreach (var block in chunk) yield return block;
            seq += chunk.Count;
        }
    }

    /// <summary>Like <see cref="ReadRawAsync"/>, each value decoded with <see cref="ValueEncoding"/>.</summary>
    public async IAsyncEnumerable<FeedEntry<T>> ReadAsync<T>(long start = 0, long end = -1, bool live = false, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var block in ReadRawAsync(start, end, live, ct).ConfigureAwait(false))
            yield return new FeedEntry<T>(block.Seq, _options.ValueEncoding.Decode<T>(block.Data.Span));
    }

    /// <summary>Invoked when a reader starts waiting for a block that is not stored (replication asks peers for it).</summary>
    internal event Action<long>? BlockWanted;

    // Blocks readers are waiting for (seq → readers): a replication channel opened after the
    // wait began missed its BlockWanted event and asks for these when it subscribes.
    private readonly Dictionary<long, int> _awaited = [];

    /// <summary>The blocks readers are waiting for now (<see cref="GetRawAsync"/> with wait).</summary>
    internal long[] AwaitedBlocks()
    {
        lock (_awaited) return [.. _awaited.Keys];
    }

    private ReadOnlyMemory<byte> ReadBlock(long seq)
    {
        if (!_files.TryReadNode(2 * (ulong)seq, out var leaf))
            throw Error(FeedException.BlockCorrupt, seq, "its tree node is missing from the tree file");
        var offset = DataOffset((ulong)seq);
        var data = ReadData(seq, offset, leaf.Size);
        CheckLeaf(seq, leaf, data);
        RememberNext((ulong)seq, offset, leaf.Size);
        return data;
    }

    /// <summary>A run of stored blocks starting at <paramref name="seq"/>, read with one tree read and one data read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal List<FeedBlock> ReadChunk(long seq, long limit)
    {
        var count = 0;
        while (seq + count < limit && count < ChunkBlocks && Has(seq + count)) count++;
        var slotBytes = (2 * count - 1) * SleepFiles.TreeSlot;
        var slots = ArrayPool<byte>.Shared.Rent(slotBytes);
        var leaves = ArrayPool<TreeNode>.Shared.Rent(count);
        var offsets = ArrayPool<int>.Shared.Rent(count + 1);
        try
        {
            var got = _files.Tree.Read(SleepFiles.HeaderSize + 2 * seq * SleepFiles.TreeSlot, slots.AsSpan(0, slotBytes));
            var n = DecodeRun(seq, count, slots.AsSpan(0, Math.Min(got, slotBytes)), leaves, offsets);
            if (n == 0)
                throw Error(FeedException.BlockCorrupt, seq, got >= SleepFiles.TreeSlot && SleepFiles.TryDecodeNode(2 * (ulong)seq, slots.AsSpan(0, SleepFiles.TreeSlot), out _)
                    ? "tree node claims an impossible size"
                    : "its tree node is missing from the tree file");
            var offset = DataOffset((ulong)seq);
            var data = ReadData(seq, offset, (ulong)offsets[n]);
            var good = VerifiedPrefix(seq, n, leaves, offsets, data);
            // A bad block ends the chunk just before it, so the blocks ahead of it still reach the reader.
            if (good == 0) CheckLeaf(seq, leaves[0], data[..offsets[1]]); // throws, naming the block
            var blocks = new List<FeedBlock>(good);
            for (var i = 0; i < good; i++) blocks.Add(new FeedBlock(seq + i, data[offsets[i]..offsets[i + 1]]));
            RememberNext((ulong)(seq + good - 1), offset + offsets[good - 1], leaves[good - 1].Size);
            return blocks;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(slots);
            ArrayPool<TreeNode>.Shared.Return(leaves);
            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    /// <summary>
    /// The leaves of a run of blocks from <paramref name="seq"/> as read from the tree file
    /// (<paramref name="slots"/>: the bytes the read got), with each block's data offset in the run:
    /// up to the first missing node, or the chunk's byte limit (a first block may pass it, up to
    /// what an int offset holds). Returns how many blocks that is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DecodeRun(long seq, int count, ReadOnlySpan<byte> slots, Span<TreeNode> leaves, Span<int> offsets)
    {
        offsets[0] = 0;
        var n = 0;
        for (; n < count; n++)
        {
            var at = 2 * n * SleepFiles.TreeSlot;
            if (at + SleepFiles.TreeSlot > slots.Length || !SleepFiles.TryDecodeNode(2 * (ulong)(seq + n), slots.Slice(at, SleepFiles.TreeSlot), out leaves[n])) break;
            var end = offsets[n] + (long)leaves[n].Size;
            if (end > int.MaxValue || (n > 0 && end > ChunkBytes)) break;
            offsets[n + 1] = (int)end;
        }
        return n;
    }

    // Blocks per chunk from which verification is split across cores. With four leaves hashed per
    // call (Blake2bLanes) a chunk of small blocks hashes in about 0.1 ms and the split gained
    // nothing measurable (index 10^6 × memory store, 3 alternating runs); without lanes it pays.
    private static readonly int ParallelVerifyMinimum = Blake2bLanes.IsSupported ? int.MaxValue : 512;

    /// <summary>
    /// How many of the chunk's first blocks hash to their stored leaves (block i is
    /// data[offsets[i]..offsets[i + 1]]) — up to the first that does not. Hashing is most of a read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int VerifiedPrefix(long seq, int n, TreeNode[] stored, int[] offsets, ReadOnlyMemory<byte> data)
    {
        var hashed = ArrayPool<TreeNode>.Shared.Rent(n);
        try
        {
            void Range(int from, int to) =>
                MerkleHash.Leaves(2 * (ulong)(seq + from), data.Span, offsets.AsSpan(from, to - from + 1), hashed.AsSpan(from, to - from));
            if (n < ParallelVerifyMinimum) Range(0, n);
            else ParallelParts.Run(n, Range);
            for (var i = 0; i < n; i++)
                if (!hashed[i].Hash.SequenceEqual(stored[i].Hash)) return i;
            return n;
        }
        finally { ArrayPool<TreeNode>.Shared.Return(hashed); }
    }

    /// <summary>Where the block after the last one located starts: sequential readers and uploaders skip the root walk.</summary>
    private OffsetHint? _nextOffset;

    private sealed record OffsetHint(ulong Block, long Offset);

    private void RememberNext(ulong block, long offset, ulong size) => Volatile.Write(ref _nextOffset, new OffsetHint(block + 1, offset + (long)size));

    /// <summary>Byte offset of block <paramref name="block"/> in the data file: Σ sizes of the roots before it.</summary>
    private long DataOffset(ulong block)
    {
        if (Volatile.Read(ref _nextOffset) is { } hint && hint.Block == block) return hint.Offset;
        Span<ulong> roots = stackalloc ulong[64];
        var n = FlatTree.FullRoots(2 * block, roots);
        long offset = 0;
        for (var i = 0; i < n; i++)
        {
            if (!_files.TryReadNode(roots[i], out var node))
                throw Error(FeedException.BlockCorrupt, (long)block, $"tree node {roots[i]} needed to locate the block is missing");
            offset += (long)node.Size;
        }
        return offset;
    }

    private ReadOnlyMemory<byte> ReadData(long seq, long offset, ulong size)
    {
        if (size > int.MaxValue) throw Error(FeedException.BlockCorrupt, seq, "tree node claims an impossible size");
        var data = new byte[(int)size];
        var n = _files.Data.Read(offset, data);
        if (n < data.Length) throw Error(FeedException.BlockCorrupt, seq, $"the data file ends {data.Length - n} bytes short (truncated)");
        return data;
    }

    private static bool LeafMatches(in TreeNode leaf, ReadOnlyMemory<byte> data) =>
        MerkleHash.Leaf(leaf.Index, data.Span).Hash.SequenceEqual(leaf.Hash);

    private void CheckLeaf(long seq, in TreeNode leaf, ReadOnlyMemory<byte> data)
    {
        if (!LeafMatches(leaf, data))
            throw Error(FeedException.BlockCorrupt, seq, "stored bytes do not match the block's Merkle tree hash (the data file was changed)");
    }
}

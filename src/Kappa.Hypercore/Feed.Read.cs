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
        while (true)
        {
            ThrowIfClosed();
            var change = NextChange;
            if (Has(seq)) return ReadBlock(seq);
            if (!wait) throw Error(FeedException.BlockMissing, seq, Length <= seq ? $"the feed has {Length} blocks" : "the block is not stored locally");
            BlockWanted?.Invoke(seq);
            await change.WaitAsync(ct).ConfigureAwait(false);
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

    /// <summary>Invoked when a reader waits for a block that is not stored (replication asks peers for it).</summary>
    internal event Action<long>? BlockWanted;

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
    internal List<FeedBlock> ReadChunk(long seq, long limit)
    {
        var count = 0;
        while (seq + count < limit && count < ChunkBlocks && Has(seq + count)) count++;
        var slotBytes = (2 * count - 1) * SleepFiles.TreeSlot;
        var slots = System.Buffers.ArrayPool<byte>.Shared.Rent(slotBytes);
        try
        {
            var got = _files.Tree.Read(SleepFiles.HeaderSize + 2 * seq * SleepFiles.TreeSlot, slots.AsSpan(0, slotBytes));
            long total = 0;
            var n = 0;
            for (; n < count; n++)
            {
                var at = 2 * n * SleepFiles.TreeSlot;
                if (at + SleepFiles.TreeSlot > got || !SleepFiles.TryDecodeNode(2 * (ulong)(seq + n), slots.AsSpan(at, SleepFiles.TreeSlot), out var leaf))
                {
                    if (n == 0) throw Error(FeedException.BlockCorrupt, seq, "its tree node is missing from the tree file");
                    break;
                }
                if (n > 0 && total + (long)leaf.Size > ChunkBytes) break;
                total += (long)leaf.Size;
            }
            if (total > int.MaxValue) throw Error(FeedException.BlockCorrupt, seq, "tree node claims an impossible size");
            var offset = DataOffset((ulong)seq);
            var data = ReadData(seq, offset, (ulong)total);
            var good = VerifyLeaves(seq, n, slots, data);
            var blocks = new List<FeedBlock>(n);
            var at2 = 0;
            for (var i = 0; i < n; i++)
            {
                SleepFiles.TryDecodeNode(2 * (ulong)(seq + i), slots.AsSpan(2 * i * SleepFiles.TreeSlot, SleepFiles.TreeSlot), out var leaf);
                var block = data.Slice(at2, (int)leaf.Size);
                if (!good[i])
                {
                    // A bad block ends the chunk just before it, so the blocks ahead of it still reach the reader.
                    if (i > 0) break;
                    CheckLeaf(seq, leaf, block); // throws, naming the block
                }
                blocks.Add(new FeedBlock(seq + i, block));
                at2 += (int)leaf.Size;
            }
            if (blocks.Count > 0) RememberNext((ulong)(seq + blocks.Count - 1), offset + at2 - (long)blocks[^1].Data.Length, (ulong)blocks[^1].Data.Length);
            return blocks;
        }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(slots); }
    }

    // Blocks per chunk from which verification is split across cores. With four leaves hashed per
    // call (Blake2bLanes) a chunk of small blocks hashes in about 0.1 ms and the split gained
    // nothing measurable (index 10^6 × memory store, 3 alternating runs); without lanes it pays.
    private static readonly int ParallelVerifyMinimum = Blake2bLanes.IsSupported ? int.MaxValue : 512;

    /// <summary>Hashes each block of a chunk against its leaf (hashing is most of a read).</summary>
    private static bool[] VerifyLeaves(long seq, int n, byte[] slots, ReadOnlyMemory<byte> data)
    {
        var offsets = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            SleepFiles.TryDecodeNode(0, slots.AsSpan(2 * i * SleepFiles.TreeSlot, SleepFiles.TreeSlot), out var leaf);
            offsets[i + 1] = offsets[i] + (int)leaf.Size;
        }
        var good = new bool[n];
        var hashed = new TreeNode[n];
        void Range(int from, int to)
        {
            MerkleHash.Leaves(2 * (ulong)(seq + from), data.Span, offsets.AsSpan(from, to - from + 1), hashed.AsSpan(from, to - from));
            for (var i = from; i < to; i++)
            {
                SleepFiles.TryDecodeNode(2 * (ulong)(seq + i), slots.AsSpan(2 * i * SleepFiles.TreeSlot, SleepFiles.TreeSlot), out var leaf);
                good[i] = hashed[i].Hash.SequenceEqual(leaf.Hash);
            }
        }
        if (n < ParallelVerifyMinimum) Range(0, n);
        else ParallelParts.Run(n, Range);
        return good;
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

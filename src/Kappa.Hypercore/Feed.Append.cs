using System.Buffers;
using System.Runtime.CompilerServices;
using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

public sealed partial class Feed
{
    private readonly Lock _appendGate = new();
    private List<PendingAppend>? _pending;
    private bool _appending;

    /// <summary>Appends one value (encoded with <see cref="ValueEncoding"/>); returns its sequence number once stored.</summary>
    /// <exception cref="FeedException">Not writable, closed, or the value does not fit the encoding.</exception>
    public ValueTask<long> AppendAsync<T>(T value, CancellationToken ct = default)
    {
        var batch = new EncodedBatch();
        try { _options.ValueEncoding.Encode(value, batch); }
        catch { batch.Return(); throw; }
        batch.EndBlock();
        return Append(batch, ct);
    }

    /// <summary>Appends each value as its own block, in one batch with one signature; returns the first block's sequence number.</summary>
    public ValueTask<long> AppendBatchAsync<T>(IEnumerable<T> values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var batch = new EncodedBatch(4096, 64);
        try
        {
            foreach (var v in values)
            {
                _options.ValueEncoding.Encode(v, batch);
                batch.EndBlock();
            }
        }
        catch { batch.Return(); throw; }
        return Append(batch, ct);
    }

    /// <summary>Appends one block of raw bytes (no encoding).</summary>
    public ValueTask<long> AppendRawAsync(ReadOnlyMemory<byte> block, CancellationToken ct = default)
    {
        var batch = new EncodedBatch(block.Length, 1);
        batch.AddBlock(block.Span);
        return Append(batch, ct);
    }

    /// <summary>Appends raw blocks in one batch with one signature; returns the first block's sequence number.</summary>
    public ValueTask<long> AppendRawBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> blocks, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var total = 0;
        foreach (var b in blocks) total += b.Length;
        var batch = new EncodedBatch(total, blocks.Count);
        foreach (var b in blocks) batch.AddBlock(b.Span);
        return Append(batch, ct);
    }

    /// <summary>Appends pre-encoded blocks (the batch is returned to its pool by the feed).</summary>
    internal ValueTask<long> AppendEncodedAsync(EncodedBatch batch, CancellationToken ct = default) => Append(batch, ct);

    private ValueTask<long> Append(EncodedBatch batch, CancellationToken ct)
    {
        if (batch.Count == 0) { batch.Return(); return ValueTask.FromResult(Length); }
        if (ct.IsCancellationRequested) { batch.Return(); return ValueTask.FromCanceled<long>(ct); }
        lock (_appendGate)
        {
            if (_appending)
            {
                // Another caller is writing: queue and go out merged with the next batch (as hypercore).
                var pending = new PendingAppend(batch);
                (_pending ??= []).Add(pending);
                return new ValueTask<long>(pending.Completion.Task);
            }
            _appending = true;
        }
        long seq;
        try { seq = WriteBatch(batch); }
        finally
        {
            batch.Return();
            DrainPending(round: 0);
        }
        return ValueTask.FromResult(seq);
    }

    private void DrainPending(int round)
    {
        for (; ; round++)
        {
            List<PendingAppend> queued;
            lock (_appendGate)
            {
                if (_pending is not { Count: > 0 })
                {
                    _appending = false;
                    return;
                }
                queued = _pending;
                _pending = null;
            }
            if (round >= 4)
            {
                // Don't keep the first caller's await busy forever under constant load: hand off.
                lock (_appendGate) (_pending ??= []).InsertRange(0, queued);
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.DrainPending(round: 0), this, preferLocal: false);
                return;
            }
            WriteMerged(queued);
        }
    }

    private void WriteMerged(List<PendingAppend> queued)
    {
        var merged = queued.Count == 1 ? queued[0].Batch : new EncodedBatch(queued.Sum(q => q.Batch.Length), queued.Sum(q => q.Batch.Count));
        try
        {
            if (queued.Count > 1) foreach (var q in queued) merged.AddAll(q.Batch);
            var seq = WriteBatch(merged);
            foreach (var q in queued)
            {
                q.Completion.TrySetResult(seq);
                seq += q.Batch.Count;
            }
        }
        catch (Exception e)
        {
            foreach (var q in queued) q.Completion.TrySetException(e);
        }
        finally
        {
            foreach (var q in queued) q.Batch.Return();
            if (queued.Count > 1) merged.Return();
        }
    }

    /// <summary>
    /// hypercore 8.14 <c>_append</c> (hypercore-storage.md §8): data and tree nodes first, then the
    /// bitfield — the commit point: blocks whose bitfield page is not on disk are not part of the
    /// feed after a crash, and their bytes are overwritten by the next append. The signature comes
    /// before the commit with fsync durability (as hypercore), after it otherwise (Feed.Signing.cs).
    /// </summary>
    private long WriteBatch(EncodedBatch batch)
    {
        ThrowIfClosed();
        if (_secretKey is null) throw Error(FeedException.NotWritable, null, "cannot append: this process does not hold the feed's secret key");
        long oldLength;
        lock (_writeLock)
        {
            ThrowIfClosed();
            oldLength = _length;
            var k = batch.Count;
            if ((ulong)(oldLength + k) > FeedBitfield.MaxBlocks) throw Error(FeedException.TooLarge, oldLength, "feeds are limited to 2^32 blocks");

            if (batch.Length > 0) _files.Data.Write(_byteLength, batch.Data);
            var roots = WriteTreeNodes(batch, (ulong)oldLength);
            var treeHash = MerkleHash.TreeHash(roots);
            if (_options.Durability == FeedDurability.Fsync)
            {
                Span<byte> signature = stackalloc byte[64];
                Sodium.SignDetached(signature, treeHash, _secretKey);
                _files.WriteSignature((ulong)(oldLength + k - 1), signature);
                _files.Data.Flush();
                _files.Tree.Flush();
                _files.Signatures.Flush();
            }

            for (var j = 0; j < k; j++)
            {
                var block = (ulong)(oldLength + j);
                _bitfield.SetData(block, true);
                TreeIndex.Set(_bitfield.Tree, 2 * block);
            }
            CommitBitfield();
            // After the commit: a length whose signature is queued is already the feed's (Feed.Signing.cs).
            if (_options.Durability != FeedDurability.Fsync) QueueSignature(oldLength + k, treeHash);

            _roots = roots;
            Volatile.Write(ref _byteLength, _byteLength + batch.Length);
            Volatile.Write(ref _length, oldLength + k);
        }
        SignalChange();
        Diagnostics.HypercoreMetrics.Appended(batch.Count, batch.Length);
        Appended?.Invoke(this, new FeedAppendedEventArgs(oldLength, oldLength + batch.Count));
        return oldLength;
    }

    /// <summary>Hashes the new leaves and parents (merkle-tree-stream order) and writes them; returns the new roots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TreeNode[] WriteTreeNodes(EncodedBatch batch, ulong oldLength)
    {
        var k = batch.Count;
        var slots = 2 * k - 1;
        // Pooled: a batch's nodes are about 100 bytes per block, so fresh arrays for them were
        // zeroed on every append and, from about 900 blocks, taken from the large-object heap.
        var buffer = ArrayPool<byte>.Shared.Rent(slots * SleepFiles.TreeSlot);
        var leaves = ArrayPool<TreeNode>.Shared.Rent(k);
        var parents = ArrayPool<TreeNode>.Shared.Rent(TreeGrowth.MaxParents(k));
        try
        {
            var span = buffer.AsSpan(0, slots * SleepFiles.TreeSlot);
            span.Clear();
            var first = 2 * oldLength;
            HashLeaves(batch, first, leaves);
            var roots = TreeGrowth.Grow(_roots, oldLength, leaves.AsSpan(0, k), parents, out var parentCount);
            foreach (var leaf in leaves.AsSpan(0, k)) SleepFiles.EncodeNode(leaf, span[((int)(leaf.Index - first) * SleepFiles.TreeSlot)..]);
            List<TreeNode>? outside = null;
            foreach (var parent in parents.AsSpan(0, parentCount))
            {
                // Parents to the left of the new leaves sit among older nodes: written on their own.
                if (parent.Index >= first) SleepFiles.EncodeNode(parent, span[((int)(parent.Index - first) * SleepFiles.TreeSlot)..]);
                else (outside ??= []).Add(parent);
            }
            _files.Tree.Write(SleepFiles.HeaderSize + (long)first * SleepFiles.TreeSlot, span);
            if (outside is not null) foreach (var p in outside) _files.WriteNode(p);
            foreach (var r in roots) _files.Remember(r);
            return roots;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<TreeNode>.Shared.Return(leaves);
            ArrayPool<TreeNode>.Shared.Return(parents);
        }
    }

    // Measured on 2 cores: 1000 × 1 KiB gains about 8 %; 1000 × 32 B loses about 15 % (the
    // hand-off costs more than hashing 32 KB), so only batches with enough bytes go parallel.
    private const int ParallelHashMinimumBytes = 256 * 1024;

    /// <summary>
    /// Leaf hashes of a batch into <paramref name="leaves"/>[0..Count), four at a time
    /// (<see cref="MerkleHash.Leaves"/>); a large batch is also split across cores: BLAKE2b of
    /// every leaf is most of a batched append of large blocks. Parents depend on their children
    /// and stay sequential.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HashLeaves(EncodedBatch batch, ulong first, TreeNode[] leaves)
    {
        var k = batch.Count;
        var sizes = batch.Sizes;
        var offsets = ArrayPool<int>.Shared.Rent(k + 1);
        try
        {
            offsets[0] = 0;
            for (var j = 0; j < k; j++) offsets[j + 1] = offsets[j] + sizes[j];
            if (ParallelParts.Count < 2 || k < 16 || batch.Length < ParallelHashMinimumBytes)
            {
                MerkleHash.Leaves(first, batch.Data, offsets.AsSpan(0, k + 1), leaves.AsSpan(0, k));
                return;
            }
            var data = batch.DataMemory;
            ParallelParts.Run(k, (from, to) =>
                MerkleHash.Leaves(first + 2 * (ulong)from, data.Span, offsets.AsSpan(from, to - from + 1), leaves.AsSpan(from, to - from)));
        }
        finally { ArrayPool<int>.Shared.Return(offsets); }
    }

    /// <summary>Writes every changed bitfield page whole; on failure reloads the on-disk state so memory never runs ahead of disk.</summary>
    private void CommitBitfield()
    {
        try
        {
            _files.WriteStaged(); // downloaded blocks' data and nodes land before the bitfield that commits them
            foreach (var (page, bytes) in _bitfield.TakeDirty())
                _files.Bitfield.Write(SleepFiles.HeaderSize + (long)page * FeedBitfield.PageSize, bytes);
        }
        catch
        {
            ReloadAfterFailedCommit();
            throw;
        }
        if (_options.Durability != FeedDurability.Fsync) return;
        try { _files.Bitfield.Flush(); }
        catch (KappaException e)
        {
            // The commit point was written but not made durable: whether it survives is unknown
            // (fsync errors are not retryable). Stop here; a reopen reads what the disk kept.
            _failure = e;
            throw;
        }
    }

    private sealed class PendingAppend(EncodedBatch batch)
    {
        public EncodedBatch Batch { get; } = batch;
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

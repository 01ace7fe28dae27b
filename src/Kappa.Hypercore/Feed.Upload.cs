using System.Buffers;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

public sealed partial class Feed
{
    /// <summary>
    /// Reads the run of stored blocks from <paramref name="seq"/> (up to a chunk) into
    /// <paramref name="ahead"/>, each block checked against its leaf as a single read would; a
    /// corrupt block ends the run before it. False when not even block <paramref name="seq"/> could
    /// be read that way (the caller falls back to a single read, which names the problem).
    /// </summary>
    internal bool FillReadAhead(long seq, UploadReadAhead ahead)
    {
        var limit = Length;
        var count = 0;
        var max = ahead.NextRunLength(seq, ChunkBlocks);
        while (seq + count < limit && count < max && Has(seq + count)) count++;
        if (count == 0) return false;
        var slotBytes = (2 * count - 1) * SleepFiles.TreeSlot;
        var (slots, buffer, offsets) = ahead.BuffersFor(slotBytes, 0, count);
        var got = _files.Tree.Read(SleepFiles.HeaderSize + 2 * seq * SleepFiles.TreeSlot, slots.AsSpan(0, slotBytes));
        var leaves = ArrayPool<TreeNode>.Shared.Rent(count); // a run of 2048 leaves is 96 KiB: pooled, not a large-object allocation per run
        try
        {
            var n = DecodeRun(seq, count, slots.AsSpan(0, Math.Min(got, slotBytes)), leaves, offsets);
            if (n == 0 || leaves[0].Size > ChunkBytes) return false; // an oversized block goes by a single read
            var offset = DataOffset((ulong)seq);
            (_, buffer, _) = ahead.BuffersFor(slotBytes, offsets[n], count);
            var data = buffer.AsMemory(0, offsets[n]);
            if (_files.Data.Read(offset, data.Span) < data.Length) return false; // truncated: the single read names it
            var ok = VerifiedPrefix(seq, n, leaves, offsets, data);
            if (ok == 0) return false;
            RememberNext((ulong)(seq + ok - 1), offset + offsets[ok - 1], (ulong)(offsets[ok] - offsets[ok - 1]));
            ahead.Fill(seq, ok, slots, Math.Min(got, slotBytes), data, offsets);
        }
        finally { ArrayPool<TreeNode>.Shared.Return(leaves); }
        return true;
    }
}

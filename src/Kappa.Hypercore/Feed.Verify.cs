using System.Collections.Concurrent;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

public sealed partial class Feed
{
    private const int VerifySlotsPerRead = 1 << 16;

    /// <summary>
    /// Checks every stored block against its tree leaf, every stored parent against its
    /// children, and every stored signature against the roots of its length — and reports each
    /// problem (block, reason) instead of stopping at the first. Runs on the thread pool; the
    /// feed stays usable meanwhile (blocks appended during the run are not covered).
    /// </summary>
    public Task<FeedVerification> VerifyAsync(CancellationToken ct = default) => Task.Run(() =>
    {
        ThrowIfClosed();
        var length = Length;
        SignPending(); // every length up to here is signed before the signatures are checked
        var problems = new ConcurrentBag<FeedProblem>();
        var blocks = VerifyBlocks(length, problems, ct);
        var nodes = VerifyParents(length, problems, ct);
        var signatures = VerifySignatures(length, problems, ct);
        var ordered = problems.OrderBy(p => p.Seq).ThenBy(p => p.Message, StringComparer.Ordinal).ToList();
        Diagnostics.HypercoreMetrics.LocalProblemsFound(ordered.Count);
        return new FeedVerification(blocks, nodes, signatures, ordered);
    }, ct);

    private long VerifyBlocks(long length, ConcurrentBag<FeedProblem> problems, CancellationToken ct)
    {
        long checkedBlocks = 0;
        for (long seq = 0; seq < length;)
        {
            ct.ThrowIfCancellationRequested();
            if (!Has(seq)) { seq++; continue; }
            var run = 0;
            while (seq + run < length && run < ChunkBlocks && Has(seq + run)) run++;
            try
            {
                var offset = DataOffset((ulong)seq);
                var slots = new byte[(2 * run - 1) * SleepFiles.TreeSlot];
                var got = _files.Tree.Read(SleepFiles.HeaderSize + 2 * seq * SleepFiles.TreeSlot, slots);
                for (var i = 0; i < run; i++, checkedBlocks++)
                {
                    var at = 2 * i * SleepFiles.TreeSlot;
                    if (at + SleepFiles.TreeSlot > got || !SleepFiles.TryDecodeNode(2 * (ulong)(seq + i), slots.AsSpan(at, SleepFiles.TreeSlot), out var leaf))
                    {
                        problems.Add(new FeedProblem(seq + i, "tree leaf missing"));
                        continue;
                    }
                    var data = new byte[Math.Min(leaf.Size, int.MaxValue)];
                    if (_files.Data.Read(offset, data) < data.Length) problems.Add(new FeedProblem(seq + i, "data file truncated"));
                    else if (!MerkleHash.Leaf(leaf.Index, data).Hash.SequenceEqual(leaf.Hash)) problems.Add(new FeedProblem(seq + i, "block bytes do not match their tree hash"));
                    offset += (long)leaf.Size;
                }
            }
            catch (FeedException e) { problems.Add(new FeedProblem(seq, e.Message)); }
            seq += run;
        }
        return checkedBlocks;
    }

    /// <summary>One ascending pass over the tree file: a right child meets its left sibling and parent, already seen.</summary>
    private long VerifyParents(long length, ConcurrentBag<FeedProblem> problems, CancellationToken ct)
    {
        if (length == 0) return 0;
        var lastAtDepth = new TreeNode?[64];
        var bits = _bitfield.Tree;
        var end = 2 * (ulong)length - 1;
        var buffer = new byte[VerifySlotsPerRead * SleepFiles.TreeSlot];
        long checkedNodes = 0;
        for (ulong first = 0; first < end; first += VerifySlotsPerRead)
        {
            ct.ThrowIfCancellationRequested();
            var got = _files.Tree.Read(SleepFiles.HeaderSize + (long)first * SleepFiles.TreeSlot, buffer);
            var count = (ulong)Math.Min(VerifySlotsPerRead, (long)(end - first));
            for (ulong k = 0; k < count; k++)
            {
                var i = first + k;
                if (!bits.Get(i)) continue;
                var at = (int)k * SleepFiles.TreeSlot;
                if (at + SleepFiles.TreeSlot > got || !SleepFiles.TryDecodeNode(i, buffer.AsSpan(at, SleepFiles.TreeSlot), out var node))
                {
                    problems.Add(new FeedProblem((long)(FlatTree.LeftSpan(i) / 2), $"tree node {i} is marked present but its slot is empty"));
                    continue;
                }
                var depth = FlatTree.Depth(i);
                if ((FlatTree.Offset(i) & 1) == 1 && depth < 63
                    && lastAtDepth[depth] is { } left && left.Index == FlatTree.Sibling(i)
                    && lastAtDepth[depth + 1] is { } parent && parent.Index == FlatTree.Parent(i))
                {
                    checkedNodes++;
                    if (!MerkleHash.Parent(left, node).SameAs(parent))
                        problems.Add(new FeedProblem((long)(FlatTree.LeftSpan(parent.Index) / 2), $"tree node {parent.Index} does not match its children"));
                }
                lastAtDepth[depth] = node;
            }
        }
        return checkedNodes;
    }

    private long VerifySignatures(long length, ConcurrentBag<FeedProblem> problems, CancellationToken ct)
    {
        var signed = new List<(long Seq, byte[] Signature)>();
        var chunk = new byte[1024 * SleepFiles.SignatureSlot];
        for (long first = 0; first < length; first += 1024)
        {
            var got = _files.Signatures.Read(SleepFiles.HeaderSize + first * SleepFiles.SignatureSlot, chunk);
            for (var k = 0; k < 1024 && first + k < length && (k + 1) * SleepFiles.SignatureSlot <= got; k++)
            {
                var sig = chunk.AsSpan(k * SleepFiles.SignatureSlot, SleepFiles.SignatureSlot);
                if (sig.ContainsAnyExcept((byte)0)) signed.Add((first + k, sig.ToArray()));
            }
        }
        if (length > 0 && (signed.Count == 0 || signed[^1].Seq != length - 1) && Writable)
            problems.Add(new FeedProblem(length - 1, "the feed's current length is not signed"));

        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(signed, options, item =>
        {
            var indices = FlatTree.FullRoots(2 * (ulong)(item.Seq + 1));
            var roots = new TreeNode[indices.Length];
            for (var i = 0; i < indices.Length; i++)
            {
                if (!_files.TryReadNode(indices[i], out roots[i]))
                {
                    // A downloader keeps signatures for lengths whose roots it may no longer hold in full.
                    if (Writable) problems.Add(new FeedProblem(item.Seq, $"root {indices[i]} of signed length {item.Seq + 1} is missing"));
                    return;
                }
            }
            var hash = MerkleHash.TreeHash(roots);
            if (!Sodium.VerifyDetached(item.Signature, hash, Key.Span))
                problems.Add(new FeedProblem(item.Seq, $"signature for length {item.Seq + 1} does not verify"));
        });
        return signed.Count;
    }
}

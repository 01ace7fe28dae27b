using System.Runtime.InteropServices;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>
/// The nodes, signature and roots a verified block brings. Nodes and signature point into the
/// feed's scratch list and the caller's buffer: valid only until the next verification (both
/// under the feed's write lock), so a block costs no allocation unless a signature was checked.
/// </summary>
internal readonly ref struct VerifiedBlock(ReadOnlySpan<TreeNode> nodes, ReadOnlySpan<byte> signature, ulong verifiedLength, TreeNode[]? roots)
{
    public ReadOnlySpan<TreeNode> Nodes { get; } = nodes;

    /// <summary>Empty unless the proof reached the roots and the writer's signature was checked.</summary>
    public ReadOnlySpan<byte> Signature { get; } = signature;
    public ulong VerifiedLength { get; } = verifiedLength;
    public TreeNode[]? Roots { get; } = roots;
}

/// <summary>
/// Verifies one block from a peer, as hypercore 8.14 <c>_putBuffer</c> → <c>_verifyAndWrite</c>
/// → <c>_verifyRootsAndWrite</c> (hypercore-crypto.md §6): hash up from the leaf with proof and
/// local nodes until a node we already trust; else check the roots against the writer's
/// signature. Stricter than JS in one way: reaching the trusted node's index with a different
/// hash fails at once instead of continuing upward.
/// </summary>
internal ref struct BlockVerifier
{
    private readonly Feed _feed;
    private readonly ulong _block;
    private readonly ReadOnlySpan<byte> _value;
    private readonly ReadOnlySpan<TreeNode> _proof;
    private readonly ReadOnlySpan<byte> _signature;
    private readonly List<TreeNode> _visited;
    private int _nextRemote;

    /// <summary>A verifier for <paramref name="block"/> with <paramref name="value"/>, its <paramref name="proof"/> and
    /// <paramref name="signature"/> on <paramref name="feed"/>; <paramref name="visited"/> is scratch for the nodes to store
    /// (cleared here; the feed reuses one under its write lock).</summary>
    public BlockVerifier(Feed feed, ulong block, ReadOnlySpan<byte> value, ReadOnlySpan<TreeNode> proof, ReadOnlySpan<byte> signature, List<TreeNode> visited)
    {
        _feed = feed;
        _visited = visited;
        visited.Clear();
        _block = block;
        _value = value;
        _proof = proof;
        _signature = signature;
    }

    public VerifiedBlock Verify()
    {
        var tree = _feed.TreeBits;
        // 1. Find the lowest ancestor we already hold, and the local siblings on the way.
        const int MaxDepth = 70; // flat-tree indices are 64-bit: no path is longer
        long trusted = -1;
        Span<TreeNode> local = stackalloc TreeNode[MaxDepth];
        var localCount = 0;
        var next = 2 * _block;
        var scan = 0;
        for (var guard = 0; guard < MaxDepth; guard++)
        {
            if (tree.Get(next)) { trusted = (long)next; break; }
            var sib = FlatTree.Sibling(next);
            next = FlatTree.Parent(next);
            if (scan < _proof.Length && _proof[scan].Index == sib) { scan++; continue; }
            if (!tree.Get(sib)) break;
            local[localCount++] = _feed.ReadStoredNode(sib, (long)_block);
        }
        if (trusted == -1 && tree.Get(next)) trusted = (long)next;
        TreeNode? trustedNode = trusted >= 0 ? _feed.ReadStoredNode((ulong)trusted, (long)_block) : null;

        // 2. Hash upwards.
        var visited = _visited;
        var nextLocal = 0;
        var top = MerkleHash.Leaf(2 * _block, _value);
        while (true)
        {
            if (trustedNode is { } t && t.Index == top.Index)
            {
                if (t.Hash.SequenceEqual(top.Hash)) return new VerifiedBlock(CollectionsMarshal.AsSpan(visited), default, 0, null);
                throw Fail("does not hash to the tree node we already hold");
            }
            var sibling = FlatTree.Sibling(top.Index);
            TreeNode node;
            if (_nextRemote < _proof.Length && _proof[_nextRemote].Index == sibling)
            {
                node = _proof[_nextRemote++];
                visited.Add(node);
            }
            else if (nextLocal < localCount && local[nextLocal].Index == sibling) node = local[nextLocal++];
            else return VerifyRoots(top, visited);
            visited.Add(top);
            top = MerkleHash.Parent(top, node);
        }
    }

    /// <summary>3. No trusted node: the proof must reach the roots of some length, signed by the writer.</summary>
    private VerifiedBlock VerifyRoots(TreeNode top, List<TreeNode> visited)
    {
        var last = _nextRemote < _proof.Length ? _proof[^1].Index : top.Index;
        var verifiedBy = Math.Max(FlatTree.RightSpan(top.Index), FlatTree.RightSpan(last)) + 2;
        Span<ulong> indices = stackalloc ulong[64];
        indices = indices[..FlatTree.FullRoots(verifiedBy, indices)];
        var roots = new TreeNode[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] == top.Index)
            {
                roots[i] = top;
                visited.Add(top);
            }
            else if (_nextRemote < _proof.Length && _proof[_nextRemote].Index == indices[i])
            {
                roots[i] = _proof[_nextRemote++];
                visited.Add(roots[i]);
            }
            else if (_feed.TreeBits.Get(indices[i])) roots[i] = _feed.ReadStoredNode(indices[i], (long)_block);
            else throw Fail("the proof lacks the tree roots needed to verify it");
        }

        var checksum = MerkleHash.TreeHash(roots);
        if (_signature.IsEmpty)
        {
            // Only a non-live feed (never written by kappa) may prove a tree equal to its key.
            if (!((ReadOnlySpan<byte>)checksum).SequenceEqual(_feed.Key.Span)) throw Fail("the peer sent no signature for a proof that needs one");
            return new VerifiedBlock(CollectionsMarshal.AsSpan(visited), default, verifiedBy / 2, roots);
        }
        if (!Sodium.VerifyDetached(_signature, checksum, _feed.Key.Span))
            throw Fail("the writer's signature over the tree does not verify (forged or corrupted)");
        return new VerifiedBlock(CollectionsMarshal.AsSpan(visited), _signature, verifiedBy / 2, roots);
    }

    private readonly FeedException Fail(string why)
    {
        Diagnostics.HypercoreMetrics.PeerBlockRejected();
        return _feed.Error(FeedException.VerificationFailed, (long)_block, "block from peer rejected: " + why);
    }
}

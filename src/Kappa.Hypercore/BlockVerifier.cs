using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>The nodes, signature and roots a verified block brings.</summary>
internal sealed class VerifiedBlock(List<TreeNode> nodes, byte[]? signature, ulong verifiedLength, TreeNode[]? roots)
{
    public List<TreeNode> Nodes { get; } = nodes;
    public byte[]? Signature { get; } = signature;
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
    private int _nextRemote;

    public BlockVerifier(Feed feed, ulong block, ReadOnlySpan<byte> value, ReadOnlySpan<TreeNode> proof, ReadOnlySpan<byte> signature)
    {
        _feed = feed;
        _block = block;
        _value = value;
        _proof = proof;
        _signature = signature;
    }

    public VerifiedBlock Verify()
    {
        var tree = _feed.TreeBits;
        // 1. Find the lowest ancestor we already hold, and the local siblings on the way.
        long trusted = -1;
        var missing = new List<ulong>();
        var next = 2 * _block;
        var scan = 0;
        for (var guard = 0; guard < 70; guard++)
        {
            if (tree.Get(next)) { trusted = (long)next; break; }
            var sib = FlatTree.Sibling(next);
            next = FlatTree.Parent(next);
            if (scan < _proof.Length && _proof[scan].Index == sib) { scan++; continue; }
            if (!tree.Get(sib)) break;
            missing.Add(sib);
        }
        if (trusted == -1 && tree.Get(next)) trusted = (long)next;

        var local = new Queue<TreeNode>();
        foreach (var m in missing) local.Enqueue(_feed.ReadStoredNode(m, (long)_block));
        TreeNode? trustedNode = trusted >= 0 ? _feed.ReadStoredNode((ulong)trusted, (long)_block) : null;

        // 2. Hash upwards.
        var visited = new List<TreeNode>();
        var top = MerkleHash.Leaf(2 * _block, _value);
        while (true)
        {
            if (trustedNode is { } t && t.Index == top.Index)
            {
                if (t.Hash.SequenceEqual(top.Hash)) return new VerifiedBlock(visited, null, 0, null);
                throw Fail("does not hash to the tree node we already hold");
            }
            var sibling = FlatTree.Sibling(top.Index);
            TreeNode node;
            if (_nextRemote < _proof.Length && _proof[_nextRemote].Index == sibling)
            {
                node = _proof[_nextRemote++];
                visited.Add(node);
            }
            else if (local.Count > 0 && local.Peek().Index == sibling) node = local.Dequeue();
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
        var indices = FlatTree.FullRoots(verifiedBy);
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
            return new VerifiedBlock(visited, null, verifiedBy / 2, roots);
        }
        if (!Sodium.VerifyDetached(_signature, checksum, _feed.Key.Span))
            throw Fail("the writer's signature over the tree does not verify (forged or corrupted)");
        return new VerifiedBlock(visited, _signature.ToArray(), verifiedBy / 2, roots);
    }

    private readonly FeedException Fail(string why)
    {
        Diagnostics.HypercoreMetrics.PeerBlockRejected();
        return _feed.Error(FeedException.VerificationFailed, (long)_block, "block from peer rejected: " + why);
    }
}

using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>What an uploader sends for one requested block: value, proof nodes and, when the proof reaches our roots, a signature.</summary>
internal sealed class FeedProof(ReadOnlyMemory<byte> value, TreeNode[] nodes, byte[]? signature)
{
    public ReadOnlyMemory<byte> Value { get; } = value;
    public TreeNode[] Nodes { get; } = nodes;
    public byte[]? Signature { get; } = signature;
}

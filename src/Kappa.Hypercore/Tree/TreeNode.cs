using Kappa.Hypercore.Crypto;

namespace Kappa.Hypercore.Tree;

/// <summary>A Merkle tree node: flat-tree index, hash, and the byte size of the blocks under it.</summary>
internal readonly struct TreeNode
{
    public readonly ulong Index;
    public readonly ulong Size;
    public readonly Hash32 Hash;

    public TreeNode(ulong index, in Hash32 hash, ulong size)
    {
        Index = index;
        Hash = hash;
        Size = size;
    }

    /// <summary>Same index, size and hash.</summary>
    public bool SameAs(in TreeNode other) => Index == other.Index && Size == other.Size && Hash.SequenceEqual(other.Hash);

    public override string ToString() => $"{Index}:{Size}:{Convert.ToHexStringLower(Hash)}";
}

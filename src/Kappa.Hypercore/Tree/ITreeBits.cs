namespace Kappa.Hypercore.Tree;

/// <summary>A set of flat-tree node indices: which nodes a tree (ours, or a peer's as we know it) holds.</summary>
internal interface ITreeBits
{
    bool Get(ulong index);

    /// <summary>Sets one bit; false when it was already set.</summary>
    bool Set(ulong index);

    /// <summary>Highest index ever set, or -1 when empty.</summary>
    long Highest { get; }
}

namespace Kappa.Hypercore;

/// <summary>One thing <see cref="Feed.VerifyAsync"/> found wrong.</summary>
/// <param name="Seq">The first block affected (for a tree node: the first block under it; for a signature: the last block it signs).</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record FeedProblem(long Seq, string Message);

/// <summary>The outcome of a full verification of a feed.</summary>
public sealed class FeedVerification
{
    internal FeedVerification(long blocks, long nodes, long signatures, IReadOnlyList<FeedProblem> problems)
    {
        BlocksChecked = blocks;
        NodesChecked = nodes;
        SignaturesChecked = signatures;
        Problems = problems;
    }

    /// <summary>Stored blocks hashed and compared with their tree leaves.</summary>
    public long BlocksChecked { get; }

    /// <summary>Parent nodes recomputed from their children.</summary>
    public long NodesChecked { get; }

    /// <summary>Signatures verified against the roots of their length.</summary>
    public long SignaturesChecked { get; }

    /// <summary>Everything found wrong, ordered by block.</summary>
    public IReadOnlyList<FeedProblem> Problems { get; }

    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Problems.Count == 0;
}

namespace Kappa.Hypercore;

/// <summary>The feed's length grew.</summary>
public sealed class FeedAppendedEventArgs(long oldLength, long newLength) : EventArgs
{
    /// <summary>Length before.</summary>
    public long OldLength { get; } = oldLength;

    /// <summary>Length after.</summary>
    public long NewLength { get; } = newLength;
}

/// <summary>A block from a peer was verified and stored.</summary>
public sealed class BlockDownloadedEventArgs(long seq, int size) : EventArgs
{
    /// <summary>The block's index.</summary>
    public long Seq { get; } = seq;

    /// <summary>The block's size in bytes.</summary>
    public int Size { get; } = size;
}

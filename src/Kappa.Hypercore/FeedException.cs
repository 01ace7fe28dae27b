namespace Kappa.Hypercore;

/// <summary>An error about one feed (and, where it applies, one block of it).</summary>
public sealed class FeedException : KappaException
{
    /// <summary>A stored block does not hash to its Merkle tree node (changed or torn bytes).</summary>
    public const string BlockCorrupt = "KAPPA_BLOCK_CORRUPT";
    /// <summary>The block is not stored locally (beyond the length, or a hole in a downloaded feed).</summary>
    public const string BlockMissing = "KAPPA_BLOCK_MISSING";
    /// <summary>A block or proof from a peer failed verification (bad hash, proof or signature).</summary>
    public const string VerificationFailed = "KAPPA_VERIFY_FAILED";
    /// <summary>Appending to a feed without its secret key.</summary>
    public const string NotWritable = "KAPPA_FEED_NOT_WRITABLE";
    /// <summary>The storage holds a different feed than the key asked for.</summary>
    public const string KeyMismatch = "KAPPA_KEY_MISMATCH";
    /// <summary>The feed's files are inconsistent beyond what a crash can explain.</summary>
    public const string StoreCorrupt = "KAPPA_STORE_CORRUPT";
    /// <summary>A value could not be encoded or decoded with the feed's value encoding.</summary>
    public const string EncodingFailed = "KAPPA_ENCODING";
    /// <summary>The feed has been closed.</summary>
    public const string Closed = "KAPPA_FEED_CLOSED";
    /// <summary>A block index or size beyond what a feed supports.</summary>
    public const string TooLarge = "KAPPA_FEED_TOO_LARGE";

    /// <summary>Creates an error about feed <paramref name="feedKey"/> (hex) and optionally block <paramref name="seq"/>.</summary>
    public FeedException(string code, string feedKey, long? seq, string message, Exception? inner = null)
        : base(code, seq is null ? $"feed {feedKey}: {message}" : $"feed {feedKey} block {seq}: {message}", inner)
    {
        FeedKey = feedKey;
        Seq = seq;
        Detail = message;
    }

    /// <summary>Stands for the key of a feed whose key could not be read.</summary>
    public const string UnknownFeed = "-";

    /// <summary>Hex key of the feed.</summary>
    public string FeedKey { get; }

    /// <summary>The block involved, if any.</summary>
    public long? Seq { get; }

    /// <summary>What went wrong, without the feed and block prefix of <see cref="Exception.Message"/>.</summary>
    public string Detail { get; }
}

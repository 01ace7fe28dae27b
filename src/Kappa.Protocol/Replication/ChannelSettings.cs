namespace Kappa.Protocol.Replication;

/// <summary>How one feed is replicated on one connection (hypercore 8 replicate options).</summary>
internal sealed record ChannelSettings
{
    public static ChannelSettings Default { get; } = new();

    /// <summary>Keep the channel open and exchange new blocks as they appear.</summary>
    public bool Live { get; init; }

    /// <summary>Serve blocks to the peer.</summary>
    public bool Upload { get; init; } = true;

    /// <summary>Fetch blocks (null: yes for feeds we cannot write, as hypercore).</summary>
    public bool? Download { get; init; }

    /// <summary>Fetch only blocks a local reader waits for, not everything.</summary>
    public bool Sparse { get; init; }

    /// <summary>Requests in flight per channel (hypercore uses 16; a deeper pipeline keeps a fast link busy).</summary>
    public int MaxRequests { get; init; } = 64;

    /// <summary>An unanswered request older than this fails the session (hypercore: the stream timeout, 20 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the peer may take to open a feed we opened before the session fails (hypercore: 4 s).</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

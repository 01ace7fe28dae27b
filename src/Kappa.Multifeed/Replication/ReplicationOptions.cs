using Kappa.Protocol.Replication;

namespace Kappa.Multifeed.Replication;

/// <summary>How a store replicates with one peer. Immutable; start from <see cref="Default"/>.</summary>
public sealed record ReplicationOptions
{
    /// <summary>multifeed 5's default exchange key. It is public: anyone who knows it can ask for your feeds.</summary>
    public const string DefaultEncryptionKey = "bee80ff3a4ee5e727dc44197cb9d25bf8f19d50b0f3ad2984cfe5b7d14e75de7";

    /// <summary>Non-live, upload and download, multifeed's public exchange key.</summary>
    public static ReplicationOptions Default { get; } = new();

    /// <summary>Keep the session open and exchange new entries and new feeds as they appear (ends only when closed).</summary>
    public bool Live { get; init; }

    /// <summary>
    /// The shared exchange key (32 bytes) both peers must know; peers with different keys refuse
    /// each other. Null = multifeed's public default (<see cref="DefaultEncryptionKey"/>): set your
    /// own to keep strangers from replicating with you.
    /// </summary>
    public byte[]? EncryptionKey { get; init; }

    /// <summary>Serve our feeds to the peer.</summary>
    public bool Upload { get; init; } = true;

    /// <summary>Fetch the peer's blocks (false: only serve).</summary>
    public bool Download { get; init; } = true;

    /// <summary>Fetch only blocks a local reader waits for (<c>GetAsync(seq, wait: true)</c>), not whole feeds; the session then ends only when closed.</summary>
    public bool Sparse { get; init; }

    /// <summary>No bytes from the peer for this long fails the session (hypercore-protocol: 20 s; keep-alives go out every half of it).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Requests in flight per feed (hypercore uses 16).</summary>
    public int MaxRequestsPerFeed { get; init; } = 64;

    /// <summary>At most this many feeds may be learned from one peer in one session (a flood of keys is refused with an error).</summary>
    public int MaxNewFeeds { get; init; } = 10_000;

    /// <summary>Free text sent in the handshake as multifeed's <c>userData</c>.</summary>
    public string? UserData { get; init; }

    /// <summary>
    /// More stream extensions to register beside multifeed's (none by default): each may send one
    /// message when the stream opens and hears the peer's messages under its name. See
    /// <see cref="ReplicationExtension"/>; names must be unique and differ from multifeed's <c>MULTIFEED_*</c> names.
    /// </summary>
    public IReadOnlyList<ReplicationExtension> Extensions { get; init; } = [];

    /// <summary>Receives progress snapshots (about every 100 ms while the session runs).</summary>
    public IProgress<ReplicationProgress>? Progress { get; init; }

    /// <summary>Clock for timeouts (tests use a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

using Kappa.Hypercore.Crypto;

namespace Kappa.Hypercore;

/// <summary>How a feed is opened or created. Immutable; start from <see cref="Default"/>.</summary>
public sealed record FeedOptions
{
    /// <summary>Open whatever feed the storage holds, or create a writer with a fresh key; binary values.</summary>
    public static FeedOptions Default { get; } = new();

    /// <summary>The feed expected in the storage: a mismatch fails; when the storage is empty a read-only feed with this key is created.</summary>
    public FeedKey? Key { get; init; }

    /// <summary>Key pair for a new writer (default: random). Deterministic keys are for tests and vectors.</summary>
    public KeyPair? KeyPair { get; init; }

    /// <summary>How values map to block bytes (default binary, as hypercore).</summary>
    public ValueEncoding ValueEncoding { get; init; } = ValueEncoding.Binary;

    /// <summary>When a write is acknowledged (default: survives a process kill; <see cref="FeedDurability.Fsync"/> also survives power loss).</summary>
    public FeedDurability Durability { get; init; } = FeedDurability.Buffered;

    /// <summary>Create a feed when the storage holds none (default true); false makes opening an empty storage fail.</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>
    /// Check every stored block, tree node and signature on open and cut the feed back to its
    /// longest verifiable prefix (reported in <see cref="Feed.Recovery"/>). Without it, open checks
    /// only the tail (the last signature, its roots and the last block), which is all a process
    /// kill can damage; use it after a power loss with <see cref="FeedDurability.Buffered"/>,
    /// where any write not yet on disk may have been lost or torn. Costs a full verification.
    /// </summary>
    public bool VerifyOnOpen { get; init; }

    /// <summary>
    /// Another process may own the files (a reader beside a writer): a damaged tail is recovered
    /// in memory only, never written back. Headers of an empty store may still be written.
    /// </summary>
    public bool ReadOnly { get; init; }
}

/// <summary>What an acknowledged write survives.</summary>
public enum FeedDurability
{
    /// <summary>
    /// Written to the OS (pwrite) before acknowledging: survives a process crash (kill -9), not a
    /// power loss. A writer's appends return before their length is signed; the signature follows
    /// on another core, and an open after a crash signs a length it finds unsigned (Feed.Signing.cs).
    /// </summary>
    Buffered,

    /// <summary>Also fsync'd, with the bitfield (the commit point) written only after the rest is durable: survives power loss.</summary>
    Fsync,
}

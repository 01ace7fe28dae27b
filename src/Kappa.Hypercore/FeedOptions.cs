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
}

/// <summary>What an acknowledged write survives.</summary>
public enum FeedDurability
{
    /// <summary>Written to the OS (pwrite) before acknowledging: survives a process crash (kill -9), not a power loss.</summary>
    Buffered,

    /// <summary>Also fsync'd, with the bitfield (the commit point) written only after the rest is durable: survives power loss.</summary>
    Fsync,
}

using Microsoft.Extensions.Logging;

namespace Kappa.Core.Stores;

/// <summary>How a <see cref="RocksDbViewStore"/> is opened. Immutable; start from <see cref="Default"/>.</summary>
public sealed record RocksDbViewStoreOptions
{
    /// <summary>Buffered writes, checksums checked on every read, no logging.</summary>
    public static RocksDbViewStoreOptions Default { get; } = new();

    /// <summary>Fsync each write: a committed batch then survives power loss, not only a process kill (slower).</summary>
    public bool SyncWrites { get; init; }

    /// <summary>
    /// Read every block once at open and check its checksum, so damage anywhere is found (and the
    /// store started afresh) before the first read. Costs one pass over the files. Without it,
    /// damage is found by the first read that touches a damaged block — never returned as data.
    /// </summary>
    public bool VerifyOnOpen { get; init; }

    /// <summary>Where damage found and repairs made are logged as warnings (none by default).</summary>
    public ILogger? Logger { get; init; }
}

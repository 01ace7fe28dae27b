using Microsoft.Extensions.Logging;
using Kappa.Hypercore;

namespace Kappa.Multifeed.Store;

/// <summary>How a <see cref="FeedStore"/> is opened. Immutable; start from <see cref="Default"/>.</summary>
public sealed record FeedStoreOptions
{
    /// <summary>JSON values, buffered durability, read-write.</summary>
    public static FeedStoreOptions Default { get; } = new();

    /// <summary>Value encoding of every feed, local and remote (multifeed passes one to all). Default JSON, the encoding kappa apps use.</summary>
    public ValueEncoding ValueEncoding { get; init; } = ValueEncoding.Json;

    /// <summary>Durability of appends and downloads in every feed.</summary>
    public FeedDurability Durability { get; init; } = FeedDurability.Buffered;

    /// <summary>Open without the store lock and never write (for readers such as <c>kappa cat</c>); creating writers then fails.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Check every block of every feed on open and cut damaged feeds back to their longest
    /// verifiable prefix (<see cref="FeedStore.Repairs"/> says what was cut). Open always checks
    /// each feed's tail; this is for after a power loss with buffered durability.
    /// </summary>
    public bool VerifyOnOpen { get; init; }

    /// <summary>Where the store reports repairs made on open (warnings). Default: none.</summary>
    public ILogger? Logger { get; init; }
}

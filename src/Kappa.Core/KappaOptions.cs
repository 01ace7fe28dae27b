using Kappa.Hypercore;
using Microsoft.Extensions.Logging;

namespace Kappa.Core;

/// <summary>How a <see cref="KappaCore"/> is opened. Immutable; start from <see cref="Default"/>.</summary>
public sealed record KappaOptions
{
    /// <summary>JSON values, buffered durability, no logging.</summary>
    public static KappaOptions Default { get; } = new();

    /// <summary>Value encoding of every feed (default JSON, as kappa apps use).</summary>
    public ValueEncoding ValueEncoding { get; init; } = ValueEncoding.Json;

    /// <summary>Durability of appends and downloads.</summary>
    public FeedDurability Durability { get; init; } = FeedDurability.Buffered;

    /// <summary>Where view faults and replication events are logged (none by default).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}

using Kappa.Swarm;

namespace Kappa.Core;

public sealed partial class KappaCore
{
    /// <summary>
    /// Joins this database's swarm (hyperswarm 2 compatible: multicast DNS and the DHT, see
    /// <see cref="KappaSwarm"/>) and replicates live with every peer found; entries that arrive
    /// are indexed by every view. Dispose the swarm to leave (before disposing the core).
    /// </summary>
    public Task<KappaSwarm> JoinSwarmAsync(SwarmOptions? options = null, CancellationToken ct = default)
    {
        options ??= SwarmOptions.Default;
        if (options.LoggerFactory is null && Options.LoggerFactory is { } loggers) options = options with { LoggerFactory = loggers };
        return KappaSwarm.JoinAsync(_store, options, ct);
    }
}

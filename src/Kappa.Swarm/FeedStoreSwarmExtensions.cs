using Kappa.Multifeed.Store;

namespace Kappa.Swarm;

/// <summary>One call to put a store on the swarm.</summary>
public static class FeedStoreSwarmExtensions
{
    /// <summary>
    /// Joins the store's swarm (topic = discoveryKey of <see cref="SwarmOptions.Replication"/>'s
    /// exchange key) and replicates with every peer found until the returned swarm is disposed.
    /// </summary>
    public static Task<KappaSwarm> JoinSwarmAsync(this FeedStore store, SwarmOptions? options = null, CancellationToken ct = default) =>
        KappaSwarm.JoinAsync(store, options, ct);
}

using Kappa.Multifeed.Replication;

namespace Kappa.Swarm;

/// <summary>A non-live sync with one peer completed: both sides hold what the other offered.</summary>
/// <param name="Peer">The peer, as it was when the sync completed.</param>
/// <param name="Result">What the session exchanged.</param>
public sealed record SwarmSync(SwarmPeer Peer, ReplicationResult Result);

namespace Kappa.Swarm.Dht;

/// <summary>What an announce or unannounce did.</summary>
/// <param name="Peers">Peers already announced under the topic (found by the announce's query; empty for an unannounce).</param>
/// <param name="NodesUpdated">How many of the closest nodes took the update.</param>
public sealed record DhtAnnounceResult(IReadOnlyList<DhtPeer> Peers, int NodesUpdated);

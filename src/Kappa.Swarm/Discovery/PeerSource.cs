namespace Kappa.Swarm.Discovery;

/// <summary>How a peer was found.</summary>
public enum PeerSource
{
    /// <summary>Multicast DNS on the local network.</summary>
    Lan,

    /// <summary>The hyperswarm 2 DHT.</summary>
    Dht,

    /// <summary>The peer dialled us.</summary>
    Incoming,

    /// <summary>Given by the user (an address to dial).</summary>
    Manual,
}

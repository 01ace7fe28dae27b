using System.Net;
using System.Net.Sockets;
using Kappa.Multifeed.Replication;
using Kappa.Swarm.Discovery;

namespace Kappa.Swarm;

/// <summary>One TCP connection of the swarm and the replication session running over it.</summary>
internal sealed class SwarmConnection(Socket socket, IPEndPoint address, PeerSource source, bool isInitiator)
{
    public Socket Socket { get; } = socket;

    public IPEndPoint Address { get; } = address;

    public PeerSource Source { get; } = source;

    public bool IsInitiator { get; } = isInitiator;

    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

    public ReplicationSession? Session { get; set; }

    public string? RemoteId { get; set; }

    /// <summary>1 once <see cref="KappaSwarm.PeerIdentified"/> was raised for this connection.</summary>
    public int IdentifiedRaised;

    /// <summary>Closed by deduplication (or a connection to ourselves): not a lost peer.</summary>
    public bool Duplicate { get; set; }

    /// <summary>For a dropped duplicate: the connection to the same peer that was kept.</summary>
    public SwarmConnection? KeptInstead { get; set; }

    /// <summary>Dialled peers whose duplicate of this connection was dropped: redialled when this one ends (as hyperswarm's unban).</summary>
    public List<DiscoveredPeer> Held { get; } = [];

    public SwarmPeer Snapshot()
    {
        var p = Session?.Progress ?? default;
        return new SwarmPeer(Address, Source, IsInitiator, ConnectedAt, p.BlocksReceived, p.BlocksSent, p.BytesReceived, p.BytesSent) { RemoteId = RemoteId };
    }
}

/// <summary>How a connection ended, which decides whether and when its address is dialled again.</summary>
internal enum ConnectionOutcome
{
    /// <summary>A non-live sync completed.</summary>
    Synced,

    /// <summary>The connection dropped or the peer went away: redial with backoff.</summary>
    Lost,

    /// <summary>The peer failed the handshake or sent bad data: ban the address for a while.</summary>
    BadPeer,

    /// <summary>Closed as a duplicate of another connection to the same peer id.</summary>
    Duplicate,

    /// <summary>The swarm is stopping.</summary>
    Stopped,
}

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

    /// <summary>The swarm is stopping.</summary>
    Stopped,
}

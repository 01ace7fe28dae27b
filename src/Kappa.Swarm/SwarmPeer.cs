using System.Net;
using Kappa.Swarm.Discovery;

namespace Kappa.Swarm;

/// <summary>A snapshot of one connection of the swarm.</summary>
/// <param name="Address">The peer's TCP address (for incoming connections, its ephemeral port).</param>
/// <param name="Source">How the peer was found (<see cref="PeerSource.Incoming"/> when it dialled us).</param>
/// <param name="IsInitiator">True when we dialled (we are the protocol initiator).</param>
/// <param name="ConnectedAt">When the connection was established.</param>
/// <param name="BlocksIn">Verified blocks received from this peer.</param>
/// <param name="BlocksOut">Blocks sent to this peer.</param>
/// <param name="BytesIn">Bytes of the blocks received.</param>
/// <param name="BytesOut">Bytes of the blocks sent.</param>
public sealed record SwarmPeer(IPEndPoint Address, PeerSource Source, bool IsInitiator, DateTimeOffset ConnectedAt, long BlocksIn, long BlocksOut, long BytesIn, long BytesOut)
{
    /// <summary>The peer's Cabal <c>peer-id</c> (hex of its local writer key), once it sent one.</summary>
    public string? RemoteId { get; init; }
}

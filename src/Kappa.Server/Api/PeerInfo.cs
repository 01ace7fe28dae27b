using Kappa.Swarm;

namespace Kappa.Server.Api;

/// <summary>One connection of the swarm.</summary>
/// <param name="Id">Stable while the connection lasts: the peer's address.</param>
/// <param name="Address">The peer's IP address and port.</param>
/// <param name="Source">How it was found (lan, dht, added by hand, or it dialled us).</param>
/// <param name="State"><c>connected</c>, or <c>gone</c> in the event sent when it ended.</param>
/// <param name="Initiator">True when we dialled.</param>
/// <param name="BlocksIn">Blocks received from it.</param>
/// <param name="BlocksOut">Blocks sent to it.</param>
/// <param name="RemoteId">Its Cabal peer id, once sent.</param>
public sealed record PeerInfo(string Id, string Address, string Source, string State, bool Initiator, long BlocksIn, long BlocksOut, string? RemoteId)
{
    internal static PeerInfo From(SwarmPeer p, string state = "connected") =>
        new(p.Address.ToString(), p.Address.ToString(), p.Source.ToString().ToLowerInvariant(), state, p.IsInitiator, p.BlocksIn, p.BlocksOut, p.RemoteId);
}

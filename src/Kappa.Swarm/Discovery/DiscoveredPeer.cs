using System.Net;

namespace Kappa.Swarm.Discovery;

/// <summary>A peer address found for a topic, and how it was found.</summary>
/// <param name="Topic">The 32-byte topic it was found under.</param>
/// <param name="EndPoint">The TCP address to dial.</param>
/// <param name="Source">Which discovery found it.</param>
public sealed record DiscoveredPeer(ReadOnlyMemory<byte> Topic, IPEndPoint EndPoint, PeerSource Source);

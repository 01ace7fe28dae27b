using System.Net;

namespace Kappa.Swarm.Dht;

/// <summary>A peer announced under a topic, and the DHT node that told us.</summary>
/// <param name="EndPoint">The announcing peer's address with the port it announced (its TCP port).</param>
/// <param name="Referrer">The DHT node that stored the announcement.</param>
public sealed record DhtPeer(IPEndPoint EndPoint, IPEndPoint Referrer);

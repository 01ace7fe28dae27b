using System.Net;

namespace Kappa.Swarm.Dht;

/// <summary>A non-ephemeral DHT node: its id and UDP address.</summary>
internal sealed record DhtContact(NodeId Id, IPEndPoint EndPoint);

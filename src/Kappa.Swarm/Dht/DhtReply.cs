using System.Net;

namespace Kappa.Swarm.Dht;

/// <summary>A response and the address it came from.</summary>
internal sealed record DhtReply(DhtMessage Message, IPEndPoint From);

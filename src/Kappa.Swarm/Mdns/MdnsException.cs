using Kappa.Hypercore;

namespace Kappa.Swarm.Mdns;

/// <summary>A multicast DNS packet could not be decoded (it is dropped; the socket keeps running).</summary>
public sealed class MdnsException : KappaException
{
    /// <summary>The packet is malformed: truncated, a bad name, a pointer loop, or a record that overruns its length.</summary>
    public const string BadPacket = "KAPPA_MDNS_BAD_PACKET";

    /// <summary>Creates the error.</summary>
    public MdnsException(string message) : base(BadPacket, message) { }
}

using Kappa.Hypercore;

namespace Kappa.Swarm.Dht;

/// <summary>
/// A DHT failure: a malformed datagram (<c>KAPPA_DHT_BAD_MESSAGE</c>), a request nobody answered
/// (<c>KAPPA_DHT_TIMEOUT</c>), a query no node answered (<c>KAPPA_DHT_NO_NODES</c>), an error a
/// node sent back (<c>KAPPA_DHT_REMOTE_ERROR</c>) or bad arguments (<c>KAPPA_DHT_ARGUMENT</c>).
/// </summary>
public sealed class DhtException : KappaException
{
    /// <summary>Creates a DHT error with a stable code.</summary>
    public DhtException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }

    internal static DhtException BadMessage(string why, Exception? inner = null) =>
        new("KAPPA_DHT_BAD_MESSAGE", "Malformed DHT message: " + why, inner);
}

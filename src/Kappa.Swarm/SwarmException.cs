using Kappa.Hypercore;

namespace Kappa.Swarm;

/// <summary>The swarm could not start (no port to listen on, no discovery could bind).</summary>
public sealed class SwarmException : KappaException
{
    /// <summary>No TCP port could be bound.</summary>
    public const string ListenFailed = "KAPPA_SWARM_LISTEN";

    /// <summary>A discovery could not start (e.g. UDP 5353 refused).</summary>
    public const string DiscoveryFailed = "KAPPA_SWARM_DISCOVERY";

    /// <summary>Creates the error.</summary>
    public SwarmException(string code, string message, Exception? inner = null) : base(code, message, inner) { }
}

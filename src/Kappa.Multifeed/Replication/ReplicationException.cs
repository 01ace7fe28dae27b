using Kappa.Hypercore;

namespace Kappa.Multifeed.Replication;

/// <summary>A replication session failed or ended before it completed.</summary>
public sealed class ReplicationException : KappaException
{
    /// <summary>The peer uses another exchange key ("Exchange key did not match remote").</summary>
    public const string KeyMismatch = "KAPPA_REPLICATION_KEY_MISMATCH";
    /// <summary>The peer speaks another multifeed protocol version.</summary>
    public const string VersionMismatch = "KAPPA_REPLICATION_VERSION_MISMATCH";
    /// <summary>The peer is not a multifeed peer.</summary>
    public const string ClientMismatch = "KAPPA_REPLICATION_CLIENT_MISMATCH";
    /// <summary>The peer sent a malformed multifeed message.</summary>
    public const string BadMessage = "KAPPA_REPLICATION_BAD_MESSAGE";
    /// <summary>The peer offered more new feeds than allowed.</summary>
    public const string Flood = "KAPPA_REPLICATION_FLOOD";
    /// <summary>The connection ended before every offered feed was replicated.</summary>
    public const string Incomplete = "KAPPA_REPLICATION_INCOMPLETE";

    /// <summary>Creates the error.</summary>
    public ReplicationException(string code, string message, Exception? inner = null) : base(code, message, inner) { }
}

using Kappa.Hypercore;

namespace Kappa.Multifeed.Store;

/// <summary>An error about a whole store (missing, locked, read-only).</summary>
public sealed class FeedStoreException : KappaException
{
    /// <summary>No store at that path.</summary>
    public const string NotFound = "KAPPA_STORE_NOT_FOUND";
    /// <summary>Another process has the store open for writing.</summary>
    public const string Locked = "KAPPA_STORE_LOCKED";
    /// <summary>A write was attempted on a store opened read-only.</summary>
    public const string ReadOnly = "KAPPA_STORE_READ_ONLY";
    /// <summary>The store was disposed.</summary>
    public const string Closed = "KAPPA_STORE_CLOSED";

    /// <summary>Creates the error.</summary>
    public FeedStoreException(string code, string message, Exception? inner = null) : base(code, message, inner) { }
}

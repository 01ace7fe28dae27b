using Kappa.Hypercore;

namespace Kappa.Core.Stores;

/// <summary>A view store failed: closed, locked by another process, or an I/O error.</summary>
public sealed class ViewStoreException : KappaException
{
    /// <summary>The store was disposed.</summary>
    public const string Closed = "KAPPA_STORE_CLOSED";
    /// <summary>Another process has the database open.</summary>
    public const string Locked = "KAPPA_STORE_LOCKED";
    /// <summary>The database reported an error.</summary>
    public const string Io = "KAPPA_STORE_IO";

    /// <summary>Creates the error.</summary>
    public ViewStoreException(string code, string message, Exception? inner = null) : base(code, message, inner) { }
}

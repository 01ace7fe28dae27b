using Kappa.Hypercore;

namespace Kappa.Core.Stores;

/// <summary>A view store failed: closed, locked by another process, damaged on disk, or an I/O error.</summary>
public sealed class ViewStoreException : KappaException
{
    /// <summary>The store was disposed.</summary>
    public const string Closed = "KAPPA_STORE_CLOSED";
    /// <summary>Another process has the database open.</summary>
    public const string Locked = "KAPPA_STORE_LOCKED";
    /// <summary>The database reported an error.</summary>
    public const string Io = "KAPPA_STORE_IO";
    /// <summary>
    /// The database's files are damaged (a checksum mismatch, a missing or truncated file). The
    /// store serves nothing more from them; its views rebuild it from the feeds.
    /// </summary>
    public const string Corrupt = "KAPPA_STORE_CORRUPT";
    /// <summary>A write was refused because the disk is full; nothing of it was applied. The store reopens itself on the next call, so it works again once space is freed.</summary>
    public const string DiskFull = "KAPPA_STORE_DISK_FULL";
    /// <summary>The store was rebuilt empty after damage since the writer read its progress: the write is refused, the view reloads.</summary>
    public const string Rebuilt = "KAPPA_STORE_REBUILT";

    /// <summary>Creates the error.</summary>
    public ViewStoreException(string code, string message, Exception? inner = null) : base(code, message, inner) { }
}

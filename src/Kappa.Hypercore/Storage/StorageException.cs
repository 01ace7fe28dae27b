namespace Kappa.Hypercore.Storage;

/// <summary>A storage read, write or flush failed (disk full, permissions, I/O error).</summary>
public sealed class StorageException : KappaException
{
    /// <summary>Code for an I/O failure.</summary>
    public const string IoCode = "KAPPA_STORAGE_IO";
    /// <summary>Code for a write refused because the disk is full.</summary>
    public const string DiskFullCode = "KAPPA_STORAGE_DISK_FULL";

    /// <summary>Creates the error for <paramref name="path"/>.</summary>
    public StorageException(string code, string path, string message, Exception? inner = null)
        : base(code, $"{message} ({path})", inner) => Path = path;

    /// <summary>The file (or RAM file name) involved.</summary>
    public string Path { get; }

    internal static StorageException From(IOException e, string path, string operation)
    {
        // ENOSPC (28) and EDQUOT (122) are reported distinctly so callers can tell the user why.
        var errno = e.HResult & 0xFFFF;
        var full = errno is 28 or 122 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
        return new StorageException(full ? DiskFullCode : IoCode, path,
            full ? $"Disk full while trying to {operation}" : $"Could not {operation}: {e.Message}", e);
    }
}

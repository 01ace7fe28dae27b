using System.Runtime.InteropServices;

namespace Kappa.Hypercore.Storage;

/// <summary>
/// fsync of a directory, so that a file or directory just created in it survives a power loss
/// (POSIX: fsync on a file makes its data durable, not its name; the name lives in the parent
/// directory, which needs its own fsync — ext4 and xfs lose a new file's entry without it).
/// .NET has no API for it (File.OpenHandle refuses directories), hence open(2)/fsync(2) here.
/// A no-op on Windows, where NTFS journals directory entries.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY (Linux)

    /// <summary>Makes the entries of <paramref name="directory"/> durable.</summary>
    /// <exception cref="StorageException">The directory could not be opened or synced.</exception>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(directory, ReadOnlyDirectory);
        if (fd < 0) throw Failure(directory, "open");
        try
        {
            if (Fsync(fd) != 0) throw Failure(directory, "flush");
        }
        finally { _ = Close(fd); }
    }

    private static StorageException Failure(string directory, string operation)
    {
        var errno = Marshal.GetLastPInvokeError();
        var full = errno is 28 or 122;
        return new StorageException(full ? StorageException.DiskFullCode : StorageException.IoCode, directory,
            full ? $"Disk full while trying to {operation} the directory" : $"Could not {operation} the directory: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}

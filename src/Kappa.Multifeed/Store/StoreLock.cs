namespace Kappa.Multifeed.Store;

/// <summary>
/// Exclusive, process-wide lock on a store (<c>.kappa/LOCK</c>, an OS advisory lock the kernel
/// drops when the process dies, so a kill -9 never leaves a stale lock). Holds the owner's pid
/// (in <c>LOCK.owner</c>) for the error message.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _file;

    private StoreLock(FileStream file) => _file = file;

    public static StoreLock Acquire(string internalDirectory)
    {
        System.IO.Directory.CreateDirectory(internalDirectory);
        var path = Path.Combine(internalDirectory, "LOCK");
        try
        {
            var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The pid goes in a separate file: .NET would put a shared lock on any read of LOCK itself.
            File.WriteAllText(path + ".owner", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new StoreLock(fs);
        }
        catch (IOException e)
        {
            var owner = TryReadOwner(path + ".owner");
            throw new FeedStoreException(FeedStoreException.Locked,
                $"The store {Path.GetDirectoryName(internalDirectory)} is open for writing in another process{(owner is null ? "" : $" (pid {owner})")}.", e);
        }
    }

    public void Dispose() => _file.Dispose();

    private static string? TryReadOwner(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length is > 0 and < 12 ? text : null;
        }
        catch (IOException) { return null; }
    }
}

using Kappa.Hypercore;
using Kappa.Hypercore.Storage;

namespace Kappa.Multifeed.Store;

public sealed partial class FeedStore
{
    /// <summary>Opens (or, unless read-only, creates) the store in <paramref name="directory"/>.</summary>
    /// <exception cref="FeedStoreException">Missing (read-only), or locked by another process.</exception>
    /// <exception cref="FeedException">A feed's files are inconsistent.</exception>
    public static ValueTask<FeedStore> OpenAsync(string directory, FeedStoreOptions? options = null, CancellationToken ct = default) =>
        OpenAsync(new DirectoryStoreStorage(directory), options, ct);

    /// <summary>
    /// Opens the store on <paramref name="storage"/>, loading feeds as multifeed 5.2.4 does: for
    /// n = 0, 1, 2, … while <c>n/key</c> has at least 4 bytes; later directories are ignored.
    /// </summary>
    public static async ValueTask<FeedStore> OpenAsync(IStoreStorage storage, FeedStoreOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        options ??= FeedStoreOptions.Default;
        StoreLock? storeLock = null;
        if (storage.Directory is { } dir)
        {
            if (File.Exists(dir)) throw new FeedStoreException(FeedStoreException.NotFound, $"{dir} is a file, not a store directory.");
            if (options.ReadOnly && !System.IO.Directory.Exists(dir)) throw new FeedStoreException(FeedStoreException.NotFound, $"No store at {dir}.");
            if (!options.ReadOnly) storeLock = StoreLock.Acquire(InternalDirectoryOf(dir));
        }
        var store = new FeedStore(storage, options, storeLock);
        var opened = new List<FeedTable.NamedFeed>();
        try
        {
            try
            {
                for (var n = 0; ; n++)
                {
                    ct.ThrowIfCancellationRequested();
                    var name = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    var provider = storage.Feed(name);
                    if (!HasKey(provider)) break;
                    var isLast = !HasKey(storage.Feed((n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    if (await store.OpenExistingAsync(name, provider, isLast, ct).ConfigureAwait(false) is not { } feed) break;
                    opened.Add(new FeedTable.NamedFeed(ReadLocalName(provider) ?? name, feed));
                }
            }
            finally { store._table = store._table.WithAll(opened); } // on failure too: disposing the store closes them
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return store;
    }

    private static bool HasKey(IStorageProvider provider)
    {
        var key = provider.Open("key");
        try { return key.Read(0, stackalloc byte[4]) == 4; }
        finally { key.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    private static string? ReadLocalName(IStorageProvider provider)
    {
        var file = provider.Open("localname");
        try
        {
            var length = file.Length;
            if (length is 0 or > 4096) return null;
            var bytes = new byte[length];
            file.Read(0, bytes);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        finally { file.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    /// <summary>
    /// Picks up what another process wrote since this store was opened: longer feeds and new
    /// feed directories (for read-only viewers). Returns true when anything changed.
    /// </summary>
    public async ValueTask<bool> RefreshAsync(CancellationToken ct = default)
    {
        ThrowIfClosed();
        var changed = false;
        foreach (var feed in Feeds) changed |= await feed.RefreshAsync(ct).ConfigureAwait(false);
        while (true)
        {
            Feed feed;
            string name;
            await _createGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var dir = NextDirectory;
                var provider = _storage.Feed(dir);
                if (!HasKey(provider)) return changed;
                try { feed = await Hypercore.Feed.OpenAsync(provider, FeedOptionsFor() with { CreateIfMissing = false }, ct).ConfigureAwait(false); }
                catch (FeedException) { return changed; } // still being created by its writer
                name = ReadLocalName(provider) ?? dir;
                Add(name, feed);
            }
            finally { _createGate.Release(); }
            changed = true;
            FeedAdded?.Invoke(this, new FeedAddedEventArgs(feed, name));
        }
    }
}

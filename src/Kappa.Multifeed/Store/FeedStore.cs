using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Multifeed.Store;

/// <summary>
/// A set of feeds in one directory, laid out exactly as multifeed 5.2.4 does
/// (hypercore-storage.md §1): feed directories <c>0/</c>, <c>1/</c>, … each a hypercore 8 feed,
/// local writers named by a <c>localname</c> file, feeds learned from peers named by their
/// number. A JS kappa-core 6 app opens the same directory. Files this store keeps for itself
/// (a process lock, view state) live in <c>.kappa/</c>, which multifeed never reads.
/// </summary>
/// <remarks>
/// Thread-safe. One process at a time may open a store for writing (an OS file lock, released
/// even on kill -9); read-only opens take no lock.
/// </remarks>
public sealed partial class FeedStore : IAsyncDisposable
{
    private readonly IStoreStorage _storage;
    private readonly FeedStoreOptions _options;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly StoreLock? _lock;
    private volatile FeedTable _table = FeedTable.Empty;
    private volatile bool _closed;

    private FeedStore(IStoreStorage storage, FeedStoreOptions options, StoreLock? storeLock)
    {
        _storage = storage;
        _options = options;
        _lock = storeLock;
    }

    /// <summary>The store's directory (null for a RAM store).</summary>
    public string? Directory => _storage.Directory;

    /// <summary>Where this store keeps files of its own (<c>.kappa/</c>; null for RAM).</summary>
    public string? InternalDirectory => Directory is null ? null : InternalDirectoryOf(Directory);

    /// <summary>Where a store in <paramref name="directory"/> keeps files of its own (<c>.kappa/</c>), without opening it.</summary>
    public static string InternalDirectoryOf(string directory) => Path.Combine(directory, ".kappa");

    /// <summary>The options the store was opened with.</summary>
    public FeedStoreOptions Options => _options;

    /// <summary>Every feed in multifeed's order: integer-like names ascending, then other names in creation order.</summary>
    public IReadOnlyList<Feed> Feeds => _table.Feeds;

    /// <summary>Every feed with its multifeed name, in <see cref="Feeds"/> order.</summary>
    public IReadOnlyList<(string Name, Feed Feed)> NamedFeeds => _table.InOrder;

    /// <summary>Raised after a feed joined the store (new writer, or a feed learned from a peer).</summary>
    public event EventHandler<FeedAddedEventArgs>? FeedAdded;

    /// <summary>The feed with key <paramref name="key"/>, or null.</summary>
    public Feed? Feed(FeedKey key) => _table.ByKey(key)?.Feed;

    /// <summary>The feed whose key is the hex string <paramref name="hexKey"/>, or null.</summary>
    /// <exception cref="FormatException">Not 64 hex characters.</exception>
    public Feed? Feed(string hexKey) => Feed(FeedKey.Parse(hexKey));

    /// <summary>The multifeed name of <paramref name="feed"/>.</summary>
    public string NameOf(Feed feed) => _table.ByKey(feed.Key)?.Name ?? throw new ArgumentException("Not a feed of this store.", nameof(feed));

    /// <summary>
    /// The local writer called <paramref name="name"/>, created when missing (in directory N =
    /// number of feeds, <c>localname</c> written first, as multifeed). Concurrent calls for one
    /// name return the same feed. With no name, a new writer named after its directory number.
    /// </summary>
    /// <param name="name">The writer's name.</param>
    /// <param name="keyPair">Key pair for a new writer (default: random), e.g. to restore a writer from a backed-up seed.</param>
    /// <param name="ct">Cancels waiting for a concurrent creation.</param>
    public async ValueTask<Feed> WriterAsync(string? name = null, KeyPair? keyPair = null, CancellationToken ct = default)
    {
        ThrowIfClosed();
        if (name is not null && Find(name) is { } existing) return existing;
        Feed feed;
        await _createGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (name is not null && Find(name) is { } raced) return raced;
            if (_options.ReadOnly) throw new FeedStoreException(FeedStoreException.ReadOnly, "The store is open read-only; cannot create a writer.");
            var dir = NextDirectory;
            name ??= dir;
            var provider = _storage.Feed(dir);
            var localName = provider.Open("localname");
            await using (localName.ConfigureAwait(false))
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(name);
                localName.Write(0, bytes);
                // multifeed never truncates; we do, so a reused directory cannot keep a longer old name.
                if (localName.Length > bytes.Length) localName.Truncate(bytes.Length);
                if (_options.Durability == FeedDurability.Fsync) localName.Flush();
            }
            feed = await Hypercore.Feed.OpenAsync(provider, FeedOptionsFor(keyPair: keyPair), ct).ConfigureAwait(false);
            Add(name, feed);
        }
        finally { _createGate.Release(); }
        FeedAdded?.Invoke(this, new FeedAddedEventArgs(feed, name));
        return feed;
    }

    /// <summary>Creates (or returns) the local copy of a feed learned from a peer: next directory, no localname, named by its number.</summary>
    internal async ValueTask<Feed> AddRemoteFeedAsync(FeedKey key, CancellationToken ct = default)
    {
        ThrowIfClosed();
        if (Feed(key) is { } existing) return existing;
        Feed feed;
        string name;
        await _createGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (Feed(key) is { } raced) return raced;
            if (_options.ReadOnly) throw new FeedStoreException(FeedStoreException.ReadOnly, "The store is open read-only; cannot add a feed.");
            name = NextDirectory;
            feed = await Hypercore.Feed.OpenAsync(_storage.Feed(name), FeedOptionsFor(key: key), ct).ConfigureAwait(false);
            Add(name, feed);
        }
        finally { _createGate.Release(); }
        FeedAdded?.Invoke(this, new FeedAddedEventArgs(feed, name));
        return feed;
    }

    /// <summary>Closes every feed and releases the store lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closed) return;
        await _createGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed) return;
            _closed = true;
            foreach (var feed in _table.Feeds) await feed.DisposeAsync().ConfigureAwait(false);
            _lock?.Dispose();
        }
        finally { _createGate.Release(); }
    }

    private Feed? Find(string name) => _table.ByName(name);

    private FeedOptions FeedOptionsFor(FeedKey? key = null, KeyPair? keyPair = null) => new()
    {
        Key = key,
        KeyPair = keyPair,
        ValueEncoding = _options.ValueEncoding,
        Durability = _options.Durability,
        CreateIfMissing = !_options.ReadOnly,
        ReadOnly = _options.ReadOnly,
        VerifyOnOpen = _options.VerifyOnOpen,
    };

    private void Add(string name, Feed feed) => _table = _table.With(name, feed);

    /// <summary>multifeed's directory for the next feed: the number of feeds.</summary>
    private string NextDirectory => _table.Feeds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void ThrowIfClosed()
    {
        if (_closed) throw new FeedStoreException(FeedStoreException.Closed, "The store is closed.");
    }
}

using Kappa.Core.Indexing;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Multifeed.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Core;

/// <summary>
/// The kappa-core 6 database: a store of signed logs (<see cref="FeedStore"/>) plus views that
/// index every entry of every log. Open one over a directory (a JS kappa-core 6 app can open the
/// same directory) or over a configured store.
/// </summary>
/// <remarks>Thread-safe. Views index in the background; <see cref="ReadyAsync(string[])"/> waits for them.</remarks>
public sealed partial class KappaCore : IAsyncDisposable
{
    private readonly FeedStore _store;
    private readonly bool _ownsStore;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ViewIndexer> _views = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _apis = new(StringComparer.Ordinal);
    private bool _closed;

    private KappaCore(FeedStore store, bool ownsStore, KappaOptions options)
    {
        _store = store;
        _ownsStore = ownsStore;
        Options = options;
        _logger = options.LoggerFactory?.CreateLogger<KappaCore>() ?? NullLogger<KappaCore>.Instance;
    }

    /// <summary>Opens (or creates) the database in <paramref name="directory"/>.</summary>
    /// <exception cref="FeedStoreException">The store is locked by another process.</exception>
    public static async ValueTask<KappaCore> OpenAsync(string directory, KappaOptions? options = null, CancellationToken ct = default)
    {
        options ??= KappaOptions.Default;
        var store = await FeedStore.OpenAsync(directory, new FeedStoreOptions { ValueEncoding = options.ValueEncoding, Durability = options.Durability }, ct).ConfigureAwait(false);
        return new KappaCore(store, ownsStore: true, options);
    }

    /// <summary>A database over an already open store (RAM, custom storage); the store is closed with the core when <paramref name="ownsStore"/>.</summary>
    public static KappaCore Create(FeedStore store, bool ownsStore = true, KappaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new KappaCore(store, ownsStore, (options ?? KappaOptions.Default) with { ValueEncoding = store.Options.ValueEncoding });
    }

    /// <summary>The options in effect.</summary>
    public KappaOptions Options { get; }

    /// <summary>The underlying store of feeds.</summary>
    public FeedStore Store => _store;

    /// <summary>Every feed, local and learned from peers, in multifeed's order.</summary>
    public IReadOnlyList<Feed> Feeds => _store.Feeds;

    /// <summary>The local writer called <paramref name="name"/>, created on first use.</summary>
    public ValueTask<Feed> WriterAsync(string name, CancellationToken ct = default) => _store.WriterAsync(name, ct: ct);

    /// <summary>The feed with this key, or null.</summary>
    public Feed? Feed(FeedKey key) => _store.Feed(key);

    /// <summary>The feed with this hex key, or null.</summary>
    public Feed? Feed(string hexKey) => _store.Feed(hexKey);

    /// <summary>Each view's API object by view name (<c>core.Api["sum"]</c>); typed callers use <see cref="GetApi{TApi}"/> or the value <c>Use</c> returned.</summary>
    public IReadOnlyDictionary<string, object> Api
    {
        get { lock (_gate) return new Dictionary<string, object>(_apis, StringComparer.Ordinal); }
    }

    /// <summary>Raised when a view faults (its map threw, or a block failed to verify). Other views keep indexing.</summary>
    public event EventHandler<ViewFaultedEventArgs>? ViewFaulted;

    /// <summary>Raised whenever a view changes state (indexing, idle, paused, faulted).</summary>
    public event EventHandler<ViewStatus>? ViewStateChanged;

    /// <summary>Every view's state and progress.</summary>
    public IReadOnlyList<ViewStatus> Views
    {
        get { lock (_gate) return _views.Values.Select(v => v.Status).ToList(); }
    }

    /// <summary>The typed API of view <paramref name="name"/>.</summary>
    /// <exception cref="ViewException">No such view, or its API is of another type.</exception>
    public TApi GetApi<TApi>(string name) where TApi : class
    {
        lock (_gate)
            return _apis.TryGetValue(name, out var api) && api is TApi typed
                ? typed
                : throw new ViewException(ViewException.Unknown, name, $"no view with an API of type {typeof(TApi).Name}");
    }

    /// <summary>Closes views (waiting for a batch in flight) and the store.</summary>
    public async ValueTask DisposeAsync()
    {
        List<ViewIndexer> views;
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            views = [.. _views.Values];
        }
        foreach (var v in views) await v.DisposeAsync().ConfigureAwait(false);
        if (_ownsStore) await _store.DisposeAsync().ConfigureAwait(false);
    }
}

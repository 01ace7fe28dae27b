using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Core.Indexing;

/// <summary>
/// Drives one view over every feed of a store, with multifeed-index 3.4's batch rules
/// (indexing.md §2): batches of up to MaxBatch entries from one feed, each followed by a new walk
/// from the first feed in <c>feeds()</c> order. Better than multifeed-index where it fails: a
/// map error faults only this view (never the process), ready never hangs, and blocks beyond a
/// hole are indexed and the hole revisited when it fills.
/// </summary>
internal sealed partial class ViewIndexer : IAsyncDisposable
{
    private readonly FeedStore _store;
    private readonly IView _view;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Lock _gate = new();
    private readonly HashSet<Feed> _watched = [];
    private Task _loop = Task.CompletedTask;

    public ViewIndexer(FeedStore store, string name, int version, IView view, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(view.MaxBatch, 1);
        _store = store;
        Name = name;
        Version = version;
        _view = view;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Name { get; }
    public int Version { get; }

    /// <summary>Raised (on the indexer's task) whenever the state changes; faults carry the error.</summary>
    public event Action<ViewIndexer, ViewStatus>? StateChanged;

    public void Start()
    {
        _store.FeedAdded += OnFeedAdded;
        if (Recoverable is { } recoverable) recoverable.Damaged += OnStoreDamaged;
        foreach (var feed in _store.Feeds) Watch(feed);
        _loop = Task.Run(LoopAsync);
        Diagnostics.ViewTelemetry.Started(this);
        Wake();
    }

    public async ValueTask DisposeAsync()
    {
        _store.FeedAdded -= OnFeedAdded;
        if (Recoverable is { } recoverable) recoverable.Damaged -= OnStoreDamaged;
        Diagnostics.ViewTelemetry.Stopped(this);
        lock (_gate) foreach (var f in _watched) Unwatch(f);
        await _closing.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        FailWaiters(new ViewException(ViewException.Closed, Name, "the core was closed"));
        _closing.Dispose();
    }

    private void OnFeedAdded(object? sender, FeedAddedEventArgs e)
    {
        Watch(e.Feed);
        Wake();
    }

    private void Watch(Feed feed)
    {
        lock (_gate)
        {
            if (!_watched.Add(feed)) return;
            feed.Appended += OnFeedChanged;
            feed.Downloaded += OnFeedDownloaded;
        }
    }

    private void Unwatch(Feed feed)
    {
        feed.Appended -= OnFeedChanged;
        feed.Downloaded -= OnFeedDownloaded;
    }

    private void OnFeedChanged(object? sender, FeedAppendedEventArgs e) => Wake();

    private void OnFeedDownloaded(object? sender, BlockDownloadedEventArgs e) => Wake();

    /// <summary>Notes new work and wakes the loop (coalesced: many appends, one wake-up).</summary>
    private void Wake()
    {
        lock (_gate) _dirty = true;
        SignalLoop();
    }

    private void SignalLoop()
    {
        if (_signal.CurrentCount != 0) return;
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* a concurrent wake got there first */ }
    }
}

using System.Runtime.CompilerServices;
using Kappa.Core.Views;
using Kappa.Hypercore;

namespace Kappa.Core.Indexing;

internal sealed partial class ViewIndexer
{
    private IndexProgress? _progress;
    // What Status reports: _progress is the loop's alone (its lists change mid-batch), so the loop
    // publishes the count after each change and other threads read only this.
    private long _indexedCount;
    private bool _dirty;
    private long _runsStarted;
    private ViewState _state = ViewState.Indexing;
    private ViewException? _error;
    private bool _pauseRequested;
    private long _totalSeen;
    // The last chunk read (one feed at a time): batches are sliced from it, not read one by one.
    private Feed? _cacheFeed;
    private List<FeedBlock> _cache = [];

    private async Task LoopAsync()
    {
        var ct = _closing.Token;
        while (!ct.IsCancellationRequested)
        {
            await _signal.WaitAsync(ct).ConfigureAwait(false);
            long runId;
            lock (_gate)
            {
                if (_state is ViewState.Paused or ViewState.Faulted) continue;
                _dirty = false;
                runId = ++_runsStarted;
            }
            SetState(ViewState.Indexing, null);
            bool complete;
            try { complete = await RunAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (ViewException e) when (CanRebuildAfter(e))
            {
                // The store found its files damaged: rebuild from the feeds instead of faulting (waiters keep waiting).
                try { await RebuildStoreAsync(e.Message, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
                catch (ViewException failed)
                {
                    SetState(ViewState.Faulted, failed);
                    FailWaiters(failed);
                    continue;
                }
                SignalLoop();
                continue;
            }
            catch (ViewException e)
            {
                SetState(ViewState.Faulted, e);
                FailWaiters(e);
                continue;
            }
            bool paused;
            if (complete) _rebuildsInARow = 0;
            lock (_gate)
            {
                if (complete) ReleaseWaiters(runId);
                paused = !complete || _pauseRequested;
                if (paused)
                {
                    _pauseRequested = false;
                    _state = ViewState.Paused;
                }
                else if (_dirty)
                {
                    SignalLoop();
                    continue;
                }
                else _state = ViewState.Idle;
            }
            if (paused)
            {
                CompletePause();
                FailWaiters(new ViewException(ViewException.Paused, Name, "the view was paused before it caught up"));
            }
            RaiseStateChanged();
        }
    }

    /// <summary>Indexes everything stored when the run began; false when a pause interrupted it.</summary>
    private async Task<bool> RunAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _storeDamaged) == 1) await RebuildStoreAsync("found by a read", ct).ConfigureAwait(false);
        _progress ??= await LoadAsync(ct).ConfigureAwait(false);
        var feeds = _store.Feeds;
        var limits = new long[feeds.Count];
        long total = 0;
        for (var i = 0; i < feeds.Count; i++)
        {
            limits[i] = feeds[i].Length;
            total += limits[i];
            _progress.For(feeds[i].Key);
        }
        _totalSeen = total;
        PublishIndexedCount();
        var overlapped = _view.Progress is IOverlappedProgress { Overlaps: true } o ? o : null;
        try
        {
            while (true)
            {
                lock (_gate)
                    if (_pauseRequested)
                        break;
                ct.ThrowIfCancellationRequested();
                var batch = NextBatch(feeds, limits);
                if (batch is null)
                {
                    await LandAsync().ConfigureAwait(false);
                    return true;
                }
                if (overlapped is null) await IndexAsync(batch.Value.Feed, batch.Value.Entries, ct).ConfigureAwait(false);
                else await IndexOverlappedAsync(overlapped, batch.Value.Feed, batch.Value.Entries, ct).ConfigureAwait(false);
            }
        }
        catch when (_writing is not null)
        {
            // Whatever stopped the run (a map or read error, cancellation), the batch being written
            // lands first, or faults the view in its place: progress never passes a lost write.
            await LandAsync().ConfigureAwait(false);
            throw;
        }
        await LandAsync().ConfigureAwait(false);
        return false;
    }

    private async Task<IndexProgress> LoadAsync(CancellationToken ct)
    {
        var state = _view.Progress;
        if (state is null) return new IndexProgress();
        try
        {
            var bytes = await state.FetchAsync(ct).ConfigureAwait(false);
            if (bytes is not null)
            {
                var progress = IndexProgress.Decode(bytes, out var stored);
                if (stored == (uint)Version) return progress;
            }
            // No state, or another version: wipe the view and rebuild it from scratch (kappa-view 3.1
            // kept the old positions here and left the view empty for good).
            await state.ClearAsync(ct).ConfigureAwait(false);
            return new IndexProgress();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new ViewException(ViewException.StateFailed, Name, "could not load the view's stored progress", inner: e);
        }
    }

    private (Feed Feed, KappaEntry[] Entries)? NextBatch(IReadOnlyList<Feed> feeds, long[] limits)
    {
        for (var i = 0; i < feeds.Count; i++)
        {
            var feed = feeds[i];
            var progress = _progress!.For(feed.Key);
            var start = progress.NextUnindexed(progress.Max);
            while (start < limits[i] && !feed.Has(start)) start = progress.NextUnindexed(start + 1);
            if (start >= limits[i]) continue;
            var stop = Math.Min(Math.Min(limits[i], start + _view.MaxBatch), progress.NextIndexed(start));
            var end = start;
            while (end < stop && feed.Has(end)) end++;
            return (feed, Read(feed, start, end));
        }
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private KappaEntry[] Read(Feed feed, long start, long end)
    {
        var entries = new KappaEntry[end - start];
        var encoding = _store.Options.ValueEncoding;
        for (var seq = start; seq < end;)
        {
            if (_cacheFeed != feed || _cache.Count == 0 || seq < _cache[0].Seq || seq > _cache[^1].Seq)
            {
                try { _cache = feed.ReadChunk(seq, feed.Length); }
                catch (FeedException e)
                {
                    _cache = [];
                    throw new ViewException(ViewException.ReadFailed, Name, "a block could not be read or verified", feed.Key, e.Seq ?? seq, e);
                }
                _cacheFeed = feed;
            }
            var block = _cache[(int)(seq - _cache[0].Seq)];
            entries[seq - start] = new KappaEntry(feed.Key, block.Seq, block.Data, encoding);
            seq++;
        }
        return entries;
    }

    private async Task IndexAsync(Feed feed, KappaEntry[] entries, CancellationToken ct)
    {
        var first = entries[0].Seq;
        using var telemetry = Diagnostics.ViewTelemetry.StartBatch(Name, entries.Length);
        await MapAsync(feed, entries, ct).ConfigureAwait(false);
        var progress = _progress!.For(feed.Key);
        var before = progress.Snapshot();
        progress.MarkIndexed(first, first + entries.Length);
        PublishIndexedCount();
        if (_view.Progress is { } state)
        {
            try { await state.StoreAsync(_progress.Encode((uint)Version), ct).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Not stored = not indexed: the batch is mapped again after Resume.
                progress.Restore(before);
                PublishIndexedCount();
                throw new ViewException(ViewException.StateFailed, Name, "could not store the view's progress", feed.Key, first, e);
            }
        }
        _view.OnIndexed(entries);
        telemetry.Complete();
    }

    private async Task MapAsync(Feed feed, KappaEntry[] entries, CancellationToken ct)
    {
        var first = entries[0].Seq;
        try { await _view.MapAsync(entries, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception e) when (StoreFaultIn(e) is not null)
        {
            // The view's own store failed under the map (a read or write refused: disk full, I/O,
            // damage) — the map code is not at fault, so it is a state failure like a failed commit.
            throw new ViewException(ViewException.StateFailed, Name, $"the view's store failed while mapping entries {first}..{first + entries.Length - 1}", feed.Key, first, e);
        }
        catch (Exception e)
        {
            throw new ViewException(ViewException.MapFailed, Name, $"map failed on entries {first}..{first + entries.Length - 1}", feed.Key, first, e);
        }
    }

    /// <summary>The view store's own error in <paramref name="e"/> or its inner exceptions, if any.</summary>
    private static Kappa.Core.Stores.ViewStoreException? StoreFaultIn(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is Kappa.Core.Stores.ViewStoreException store) return store;
        return null;
    }

    private void PublishIndexedCount() => Volatile.Write(ref _indexedCount, _progress?.IndexedCount ?? 0);
}

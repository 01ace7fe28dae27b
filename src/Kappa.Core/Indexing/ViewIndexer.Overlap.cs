using Kappa.Core.Diagnostics;
using Kappa.Core.Views;
using Kappa.Hypercore;

namespace Kappa.Core.Indexing;

// Overlapped commits (IOverlappedProgress): batch N's atomic write of data and progress runs on a
// pool thread while batch N+1 is read and mapped here; N+1 is sealed only once N landed. Measured
// on the key/value view: RocksDB's write was 43 % of the indexing thread and the map 41 %, done one
// after the other on one core. Rules kept: one write in flight, in order; the in-memory progress
// includes N while it is written (so the next batch is N+1) and is set back if the write fails,
// so it never passes a lost batch; waiters are released and OnIndexed called only
// after the write landed.
internal sealed partial class ViewIndexer
{
    private sealed record Writing(Task Write, Feed Feed, KappaEntry[] Entries, ViewBatchScope Telemetry, FeedProgress Progress, (long Max, List<(long, long)> Beyond) Before);

    private Writing? _writing;

    private async Task IndexOverlappedAsync(IOverlappedProgress overlapped, Feed feed, KappaEntry[] entries, CancellationToken ct)
    {
        var first = entries[0].Seq;
        var telemetry = ViewTelemetry.StartBatch(Name, entries.Length);
        try
        {
            await MapAsync(feed, entries, ct).ConfigureAwait(false);
            await LandAsync().ConfigureAwait(false);
            var progress = _progress!.For(feed.Key);
            var before = progress.Snapshot();
            progress.MarkIndexed(first, first + entries.Length);
            PublishIndexedCount();
            var write = overlapped.Seal(_progress.Encode((uint)Version));
            _writing = new Writing(Task.Run(() => write(ct), CancellationToken.None), feed, entries, telemetry, progress, before);
        }
        catch
        {
            telemetry.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the batch being written, if any: it is indexed once this returns; a failed write faults the view.</summary>
    private async Task LandAsync()
    {
        if (_writing is not { } writing) return;
        _writing = null;
        try { await writing.Write.ConfigureAwait(false); }
        catch (Exception e)
        {
            writing.Telemetry.Dispose();
            // Not stored = not indexed: nothing after this batch was marked (the next is sealed only
            // once this one landed), so the progress is the stored one again; mapped again after Resume.
            writing.Progress.Restore(writing.Before);
            PublishIndexedCount();
            if (e is OperationCanceledException && _closing.IsCancellationRequested) throw;
            var first = writing.Entries[0].Seq;
            throw new ViewException(ViewException.StateFailed, Name, "could not store the view's progress", writing.Feed.Key, first, e);
        }
        _view.OnIndexed(writing.Entries);
        writing.Telemetry.Complete();
    }
}

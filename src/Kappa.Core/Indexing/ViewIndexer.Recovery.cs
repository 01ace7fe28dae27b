using Kappa.Core.Stores;
using Kappa.Core.Views;
using Microsoft.Extensions.Logging;

namespace Kappa.Core.Indexing;

/// <summary>
/// Rebuilding a view whose store found its files damaged (a RocksDB checksum mismatch, a missing
/// file): the store is started afresh and the view indexed again from the feeds, which hold
/// everything it was built from. Never a wrong value in between: the damaged store serves nothing.
/// </summary>
internal sealed partial class ViewIndexer
{
    // More damage right after each rebuild (a failing disk) faults the view instead of looping.
    private const int MaxRebuildsInARow = 3;
    private int _storeDamaged;
    private int _rebuildsInARow;

    /// <summary>How many times this view was rebuilt after its store was found damaged.</summary>
    public int Rebuilds { get; private set; }

    private RocksDbViewStore? Recoverable => (_view as KappaView)?.Root;

    private void OnStoreDamaged()
    {
        // Found by anyone (an API read, another view on the same store): rebuild on the next run, even when idle.
        Interlocked.Exchange(ref _storeDamaged, 1);
        Wake();
    }

    /// <summary>True when <paramref name="e"/> came from a damaged (or just restarted) store and the view may be rebuilt.</summary>
    private bool CanRebuildAfter(ViewException e)
    {
        if (Recoverable is null || _rebuildsInARow >= MaxRebuildsInARow) return false;
        return StoreFaultIn(e) is { Code: ViewStoreException.Corrupt or ViewStoreException.Rebuilt };
    }

    /// <summary>Starts the store afresh if it is damaged and forgets the progress, so the next run reloads it (none) and indexes every feed again.</summary>
    private async Task RebuildStoreAsync(string reason, CancellationToken ct)
    {
        Interlocked.Exchange(ref _storeDamaged, 0);
        _rebuildsInARow++;
        Rebuilds++;
        LogRebuilding(_logger, Name, reason);
        try { await Recoverable!.RebuildIfDamagedAsync().ConfigureAwait(false); }
        catch (ViewStoreException e)
        {
            throw new ViewException(ViewException.StateFailed, Name, "the view's store is damaged and could not be started afresh", inner: e);
        }
        lock (_gate) _progress = null;
        PublishIndexedCount();
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "View {View} is rebuilt from the feeds: its store was found damaged ({Reason})")]
    private static partial void LogRebuilding(ILogger logger, string view, string reason);
}

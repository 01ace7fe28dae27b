using Kappa.Core.Stores;
using static Kappa.Views.KeyValue.KvIdTable;

namespace Kappa.Views.KeyValue;

// The in-memory id table (KvIdTable) and when it equals the store. It holds facts about exact ids,
// so it must never run ahead of what is committed: a batch that fails to map or to commit makes it
// unknown, and it is read again from the store (one scan of the l and e records) before the next
// batch. JS unordered-materialized-kv read l!<id> from the store for every row instead.
// Indexed/MultiKey are rebuilt from the heads, not from the e records: most rows have none (KvView.Remap.cs).
public sealed partial class KvView
{
    private enum TableState
    {
        /// <summary>Not read yet, or a batch failed to map: read it from the store before the next batch.</summary>
        Unknown,

        /// <summary>Equals the store once every mapped batch has landed (unless one is lost: <see cref="_batchLost"/>).</summary>
        Known,
    }

    private readonly KvIdTable _table = new();
    private TableState _tableState;
    private int _batchLost; // set (possibly from the writing thread) when a mapped batch will never land

    /// <inheritdoc />
    internal override void OnBatchLost() => Interlocked.Exchange(ref _batchLost, 1);

    private async ValueTask LoadTableAsync(CancellationToken ct)
    {
        _tableState = TableState.Unknown; // a scan that fails halfway must not leave a table that says "no" wrongly
        _table.Clear();
        _knownHeads.Clear();
        _pendingHeads.Clear();
        await foreach (var (key, _) in MapData.ScanAsync(ScanRange.WithPrefix([KvLayout.LinkedTag]), ct).ConfigureAwait(false))
            _table.Add(_table.KeyOf(key.AsSpan(1), out _), Linked);
        // An id that is indexed and not linked is a head of every key it was indexed under, and a
        // linked one is out of every head: so "may still be a head somewhere" is read off the heads.
        var ids = new List<byte[]>();
        await foreach (var (_, value) in MapData.ScanAsync(ScanRange.WithPrefix([KvLayout.HeadsTag]), ct).ConfigureAwait(false))
        {
            ids.Clear();
            KvLayout.ReadIds(value, ids);
            foreach (var id in ids)
            {
                var key = _table.KeyOf(id, out _);
                _table.Add(key, (_table.Flags(key) & Indexed) != 0 ? MultiKey : Indexed);
            }
        }
        await LoadIndexedEntriesAsync(ct).ConfigureAwait(false);
        _tableState = TableState.Known;
    }

    /// <summary>The view's data is about to be cleared: the table is unknown until it is.</summary>
    private void ClearingTable()
    {
        _tableState = TableState.Unknown;
        _staged = [];
        _knownHeads.Clear();
        _pendingHeads.Clear();
    }

    /// <summary>The view's data was cleared: nothing is linked or indexed.</summary>
    private void ClearedTable()
    {
        _table.Clear();
        Interlocked.Exchange(ref _batchLost, 0);
        _tableState = TableState.Known;
    }
}

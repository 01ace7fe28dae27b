using Kappa.Core.Stores;
using static Kappa.Views.KeyValue.KvIdTable;

namespace Kappa.Views.KeyValue;

// The in-memory id table (KvIdTable) and when it equals the store. It holds facts about exact ids,
// so it must never run ahead of what is committed: a batch that fails to map or to commit makes it
// unknown, and it is read again from the store (one scan of the l and e records) before the next
// batch. JS unordered-materialized-kv read l!<id> from the store for every row instead.
public sealed partial class KvView
{
    private enum TableState
    {
        /// <summary>Not read yet, or a batch failed: read it from the store before the next batch.</summary>
        Unknown,

        /// <summary>Holds a mapped batch that has not committed yet.</summary>
        Staged,

        /// <summary>Equals the committed store.</summary>
        Committed,
    }

    private readonly KvIdTable _table = new();
    private TableState _tableState;

    private async ValueTask LoadTableAsync(CancellationToken ct)
    {
        _tableState = TableState.Unknown; // a scan that fails halfway must not leave a table that says "no" wrongly
        _table.Clear();
        await foreach (var (key, _) in Data.ScanAsync(ScanRange.WithPrefix([KvLayout.LinkedTag]), ct).ConfigureAwait(false))
            _table.Add(_table.KeyOf(key.AsSpan(1), out _), Linked);
        byte[]? previous = null;
        await foreach (var (key, _) in Data.ScanAsync(ScanRange.WithPrefix([KvLayout.IdKeyTag]), ct).ConfigureAwait(false))
        {
            var (id, _) = KvLayout.ReadIdKey(key.AsSpan(1));
            var multi = previous is not null && previous.AsSpan().SequenceEqual(id); // pairs of one id are adjacent
            _table.Add(_table.KeyOf(id, out _), multi ? Indexed | MultiKey : Indexed);
            previous = id;
        }
        _tableState = TableState.Committed;
    }

    /// <summary>The view's data is about to be cleared: the table is unknown until it is.</summary>
    private void ClearingTable()
    {
        _tableState = TableState.Unknown;
        _staged = [];
        _committedHeads.Clear();
    }

    /// <summary>The view's data was cleared: nothing is linked or indexed.</summary>
    private void ClearedTable()
    {
        _table.Clear();
        _tableState = TableState.Committed;
    }

    /// <summary>The staged batch committed: the table equals the store again.</summary>
    private void CommittedTable()
    {
        if (_tableState == TableState.Staged) _tableState = TableState.Committed;
    }
}

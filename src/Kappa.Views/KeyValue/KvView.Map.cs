using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using static Kappa.Views.KeyValue.KvIdTable;

namespace Kappa.Views.KeyValue;

// The indexing rule. Per batch, each touched key's heads are read once and written once; ids are
// checked against an in-memory table of the view's state (KvIdTable) so the common row — an update
// linking the current head of its own key — reads nothing. The store is read only for a "maybe"
// (an id held as a hash) or a link to an id that may be a head under another key.
// unordered-materialized-kv removed a link only from the linking row's own key, so a cross-key
// link left a head behind (or an empty "" head).
public sealed partial class KvView
{
    private static readonly byte[] Empty = [];
    private readonly List<KvRow> _rows = [];
    private readonly List<KvEncodedRow> _encoded = [];
    private readonly Dictionary<string, KvKeyState> _heads = new(StringComparer.Ordinal);
    private readonly List<(ulong Id, byte[] Encoded, string Key)> _batchIndexed = [];
    private readonly HashSet<byte[]> _batchLinkedHashed = new(ByteOrder.Instance);
    private readonly List<byte[]> _idKeys = [];
    private readonly List<byte[]> _linkedKeys = [];
    private readonly List<(byte[] Key, byte[]? Value)> _headWrites = [];
    private List<(string Key, byte[]? Heads)> _staged = [];

    // Keys with their heads as the last mapped batch left them, so the common row reads no store at
    // all: filled by reads and by each batch's changes when staged, emptied when the view is cleared,
    // grows past the limit, or a batch is lost (then it would be ahead of the store, like the id
    // table). Only this view writes its data, so an entry equals the store once the batches land.
    private const int HeadCacheLimit = 1 << 18;
    private readonly Dictionary<string, byte[]?> _knownHeads = new(StringComparer.Ordinal);

    // The heads the batch being written (IOverlappedProgress) changes, until the next batch is
    // staged (by then it landed). While it is written, a key it changes is read here; any other
    // key reads the same from the store before and after that write, so it is read at once
    // (Data, not MapData, which would wait for the write: in the kv bench, until half its rows are
    // indexed nearly every batch of 1000 reads some key for the first time, and would lose the overlap).
    private Dictionary<string, byte[]?> _pendingHeads = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        // The table holds the changes of batches not yet written: a batch that failed (here or in
        // its commit) leaves it ahead of the store, so it is read again from the store.
        var lost = Interlocked.Exchange(ref _batchLost, 0) != 0;
        if (lost || _tableState != TableState.Known) await LoadTableAsync(ct).ConfigureAwait(false);
        _tableState = TableState.Unknown;
        _heads.Clear();
        _batchIndexed.Clear();
        _batchLinkedHashed.Clear();
        _idKeys.Clear();
        _linkedKeys.Clear();
        _staged = [];
        Map(entries);
        foreach (var row in _encoded) await IndexAsync(row, ct).ConfigureAwait(false);
        foreach (var (id, _, _) in _batchIndexed) _table.Remove(id, InBatch);
        IndexedBatch(entries);
        Stage(tx);
        _tableState = TableState.Known;
    }

    private void Map(IReadOnlyList<KappaEntry> entries)
    {
        _encoded.Clear();
        foreach (var entry in entries) MapEntry(entry, _rows, _encoded);
    }

    /// <summary>The entry's rows (through <paramref name="scratch"/> for a custom map), appended to <paramref name="into"/>.</summary>
    private void MapEntry(in KappaEntry entry, List<KvRow> scratch, List<KvEncodedRow> into)
    {
        if (_map is null)
        {
            KvRows.KeyFieldEncoded(entry, into);
            return;
        }
        scratch.Clear();
        _map(entry, scratch);
        if (scratch.Count == 0) return;
        var own = KvIdCodec.Encode(entry.Key, entry.Seq);
        foreach (var row in scratch)
            if (KvEncodedRow.TryEncode(row, own, out var encoded)) into.Add(encoded);
    }

    private async ValueTask IndexAsync(KvEncodedRow row, CancellationToken ct)
    {
        var id = _table.KeyOf(row.Id, out var exact);
        var flags = _table.Flags(id);
        var heads = await HeadsAsync(row.Key, ct).ConfigureAwait(false);
        if ((flags & InBatch) == 0 || !IndexedInBatch(row.Id, row.Key))
        {
            _table.Add(id, (flags & Indexed) != 0 ? Indexed | InBatch | MultiKey : Indexed | InBatch);
            _batchIndexed.Add((id, row.Id, row.Key));
            // A row under its entry's own id is found again by reading that entry (KvView.Remap.cs): no record.
            if (!row.Own || _core is null) _idKeys.Add(KvLayout.IdKeyKey(row.Id, row.Key));
        }
        if (!await LinkedAsync(row.Id, flags, exact, ct).ConfigureAwait(false)) heads.Add(row.Id);
        if (row.Links is null) return;
        foreach (var link in row.Links) await LinkAsync(link, heads, ct).ConfigureAwait(false);
    }

    /// <summary>Marks <paramref name="link"/> linked and removes it from every key it heads.</summary>
    private async ValueTask LinkAsync(byte[] link, KvKeyState own, CancellationToken ct)
    {
        var id = _table.KeyOf(link, out var exact);
        var flags = _table.Flags(id);
        bool before;
        if (exact)
        {
            if ((flags & Linked) != 0) return; // linked by this batch or a committed one: out of every head already
            before = false;
        }
        else
        {
            if (!_batchLinkedHashed.Add(link)) return;
            before = (flags & Linked) != 0 && await MapData.GetAsync(KvLayout.LinkedKey(link), ct).ConfigureAwait(false) is not null;
        }
        _table.Add(id, Linked);
        if (!exact || !LinkNeedsNoRecord(id, flags)) _linkedKeys.Add(KvLayout.LinkedKey(link)); // (KvView.Entries.cs)
        if (before) return;
        var found = own.Remove(link);
        if ((flags & Indexed) == 0 || (found && (flags & MultiKey) == 0)) return;
        // Maybe a head under another key too (a cross-key link): this batch's rows, then the stored (id, key) pairs.
        if ((flags & InBatch) != 0)
            foreach (var (_, encoded, key) in _batchIndexed)
                if (encoded.AsSpan().SequenceEqual(link)) (await HeadsAsync(key, ct).ConfigureAwait(false)).Remove(link);
        var range = ScanRange.WithPrefix(KvLayout.IdKeyKey(link));
        await foreach (var (stored, _) in MapData.ScanAsync(range, ct).ConfigureAwait(false))
            (await HeadsAsync(KvLayout.ReadIdKey(stored.AsSpan(1)).Key, ct).ConfigureAwait(false)).Remove(link);
        foreach (var key in await OwnKeysAsync(link, ct).ConfigureAwait(false))
            (await HeadsAsync(key, ct).ConfigureAwait(false)).Remove(link);
    }

    /// <summary>Whether the id is linked (by a committed batch or this one); a fact for exact ids, a "maybe" confirmed by a read for hashed ones.</summary>
    private async ValueTask<bool> LinkedAsync(byte[] encoded, ulong flags, bool exact, CancellationToken ct)
    {
        if ((flags & Linked) == 0) return false;
        if (exact || _batchLinkedHashed.Contains(encoded)) return true;
        return await MapData.GetAsync(KvLayout.LinkedKey(encoded), ct).ConfigureAwait(false) is not null;
    }

    private bool IndexedInBatch(byte[] encoded, string key)
    {
        foreach (var (_, id, k) in _batchIndexed)
            if (k == key && id.AsSpan().SequenceEqual(encoded)) return true;
        return false;
    }

    private async ValueTask<KvKeyState> HeadsAsync(string key, CancellationToken ct)
    {
        if (_heads.TryGetValue(key, out var state)) return state;
        if (!_pendingHeads.TryGetValue(key, out var stored) && !_knownHeads.TryGetValue(key, out stored))
        {
            stored = await Data.GetAsync(KvLayout.HeadsKey(key), ct).ConfigureAwait(false);
            RememberHeads(key, stored);
        }
        state = new KvKeyState(key, stored);
        _heads.Add(key, state);
        return state;
    }

    private void RememberHeads(string key, byte[]? heads)
    {
        if (_knownHeads.Count >= HeadCacheLimit && !_knownHeads.ContainsKey(key)) _knownHeads.Clear();
        _knownHeads[key] = heads;
    }

    /// <summary>
    /// Stages the batch's writes in key order: RocksDB inserts a batch into its memtable skip list
    /// one key at a time, and an insert next to the previous one reuses its search path; in random
    /// order each insert searches from the top (measured: that search was the largest single cost
    /// of indexing, ~14 % of the CPU at 3·10^5 rows). Every key here is distinct, so order is free.
    /// </summary>
    private void Stage(ViewTransaction tx)
    {
        _headWrites.Clear();
        // The batch before this one has landed by now (the indexer seals this one only then).
        var pending = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var state in _heads.Values)
        {
            if (!state.Dirty) continue;
            var value = state.Ids.Count == 0 ? null : KvLayout.WriteIds(state.Ids);
            if (value is null ? state.Committed is null : state.Committed is not null && value.AsSpan().SequenceEqual(state.Committed)) continue;
            _headWrites.Add((KvLayout.HeadsKey(state.Key), value));
            _staged.Add((state.Key, value));
            pending[state.Key] = value;
            RememberHeads(state.Key, value);
        }
        _pendingHeads = pending;
        // Each kind sorted alone, then the kinds in tag order ('e' < 'h' < 'l'): fewer, cheaper comparisons than one sort of all.
        _idKeys.Sort(ByteOrder.Instance);
        _linkedKeys.Sort(ByteOrder.Instance);
        _headWrites.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        foreach (var key in _idKeys) tx.PutOwned(key, Empty);
        foreach (var (key, value) in _headWrites)
        {
            if (value is null) tx.DeleteOwned(key);
            else tx.PutOwned(key, value); // also kept as the committed heads: nothing changes these arrays
        }
        foreach (var key in _linkedKeys) tx.PutOwned(key, Empty);
        _linkDeletes.Sort(ByteOrder.Instance);
        foreach (var key in _linkDeletes) tx.DeleteOwned(key);
    }
}

using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.Views.KeyValue;

// The indexing rule. Per batch, each touched key's heads are read once and written once; ids are
// checked against in-memory hash filters of the committed state (KvFilters) so the common row —
// an update linking the current head of its own key — reads nothing else. The store is read only
// when a filter says "maybe": an id maybe linked before, or a link to an id maybe indexed under
// another key. unordered-materialized-kv removed a link only from the linking row's own key, so
// a cross-key link left a head behind (or an empty "" head).
public sealed partial class KvView
{
    private static readonly byte[] Empty = [];
    private readonly List<KvRow> _rows = [];
    private readonly Dictionary<string, HeadState> _heads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _batchLinked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _batchKeys = new(StringComparer.Ordinal);
    private readonly List<byte[]> _writes = [];
    private readonly List<(byte[] Key, byte[]? Value)> _sorted = [];
    private readonly KvFilters _filters = new();
    private List<(string Key, byte[]? Heads)> _staged = [];

    // Committed heads by key (null = no heads), so the common row reads no store at all: filled by
    // reads of committed values and by each batch's changes once committed (never by a batch that
    // may still fail), emptied when the view is cleared or grows past the limit. Only this view
    // writes its data, so an entry stays equal to the store.
    private const int HeadCacheLimit = 1 << 18;
    private readonly Dictionary<string, byte[]?> _committedHeads = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        if (!_filters.Loaded) await _filters.LoadAsync(Data, ct).ConfigureAwait(false);
        _rows.Clear();
        _heads.Clear();
        _batchLinked.Clear();
        _batchKeys.Clear();
        _writes.Clear();
        _staged = [];
        foreach (var entry in entries) _map(entry, _rows);
        foreach (var row in _rows)
        {
            if (!row.IsValid) continue;
            var id = KvIdCodec.Encode(row.Id);
            var hash = KvFilters.Hash(id);
            var heads = await HeadsAsync(row.Key, ct).ConfigureAwait(false);
            if (!_batchKeys.TryGetValue(row.Id, out var keys)) _batchKeys[row.Id] = keys = new List<string>(1);
            if (!keys.Contains(row.Key))
            {
                if (keys.Count > 0 || _filters.Indexed.Contains(hash)) _filters.MultiKey.Add(hash);
                keys.Add(row.Key);
                _filters.Indexed.Add(hash);
                _writes.Add(KvLayout.IdKeyKey(id, row.Key));
            }
            if (!_batchLinked.Contains(row.Id) && !await LinkedBeforeAsync(id, hash, ct).ConfigureAwait(false)) heads.Add(id);
            if (row.Links is null) continue;
            foreach (var link in row.Links)
                if (!string.IsNullOrEmpty(link) && _batchLinked.Add(link)) await LinkAsync(link, heads, ct).ConfigureAwait(false);
        }
        // Staged in key order: RocksDB inserts a batch into its memtable skip list one key at a
        // time, and an insert next to the previous one reuses its search path; in random order
        // each insert searches from the top (measured: that search was the largest single cost of
        // indexing, ~14 % of the CPU at 3·10^5 rows). Every key here is distinct, so order is free.
        _sorted.Clear();
        foreach (var key in _writes) _sorted.Add((key, Empty));
        foreach (var (key, heads) in _heads)
        {
            if (!heads.Dirty) continue;
            var value = heads.Ids.Count == 0 ? null : KvLayout.WriteIds(heads.Ids);
            if (value is null ? heads.Stored is null : heads.Stored is not null && value.AsSpan().SequenceEqual(heads.Stored)) continue;
            _sorted.Add((KvLayout.HeadsKey(key), value));
            _staged.Add((key, value));
        }
        _sorted.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        foreach (var (key, value) in _sorted)
        {
            if (value is null) tx.Delete(key);
            else tx.Put(key, value);
        }
    }

    /// <summary>Marks <paramref name="link"/> linked and removes it from every key it heads.</summary>
    private async ValueTask LinkAsync(string link, HeadState own, CancellationToken ct)
    {
        var id = KvIdCodec.Encode(link);
        var hash = KvFilters.Hash(id);
        var before = await LinkedBeforeAsync(id, hash, ct).ConfigureAwait(false);
        _filters.Linked.Add(hash);
        _writes.Add(KvLayout.LinkedKey(id));
        if (before) return; // already out of every head
        var found = own.Remove(id);
        if (_batchKeys.TryGetValue(link, out var keys))
            foreach (var key in keys) found |= (await HeadsAsync(key, ct).ConfigureAwait(false)).Remove(id);
        if (!_filters.Indexed.Contains(hash) || (found && !_filters.MultiKey.Contains(hash))) return;
        // Maybe indexed under another key in an earlier batch: a cross-key link. Read the id's keys.
        var range = ScanRange.WithPrefix(KvLayout.IdKeyKey(id));
        await foreach (var (stored, _) in Data.ScanAsync(range, ct).ConfigureAwait(false))
            (await HeadsAsync(KvLayout.ReadIdKey(stored.AsSpan(1)).Key, ct).ConfigureAwait(false)).Remove(id);
    }

    /// <summary>Whether a committed batch linked the id (the filter answers "no" for almost every new id without a read).</summary>
    private async ValueTask<bool> LinkedBeforeAsync(byte[] id, int hash, CancellationToken ct) =>
        _filters.Linked.Contains(hash) && await Data.GetAsync(KvLayout.LinkedKey(id), ct).ConfigureAwait(false) is not null;

    private async ValueTask<HeadState> HeadsAsync(string key, CancellationToken ct)
    {
        if (_heads.TryGetValue(key, out var state)) return state;
        if (!_committedHeads.TryGetValue(key, out var stored))
        {
            stored = await Data.GetAsync(KvLayout.HeadsKey(key), ct).ConfigureAwait(false);
            RememberCommitted(key, stored);
        }
        state = new HeadState(stored, stored is null ? new List<byte[]>(1) : KvLayout.ReadIds(stored));
        _heads.Add(key, state);
        return state;
    }

    private void RememberCommitted(string key, byte[]? heads)
    {
        if (_committedHeads.Count >= HeadCacheLimit && !_committedHeads.ContainsKey(key)) _committedHeads.Clear();
        _committedHeads[key] = heads;
    }

    /// <summary>A key's heads, kept sorted by encoded bytes (= <see cref="KvIdOrder"/>).</summary>
    private sealed class HeadState(byte[]? stored, List<byte[]> ids)
    {
        public byte[]? Stored { get; } = stored;
        public List<byte[]> Ids { get; } = ids;
        public bool Dirty { get; private set; }

        public void Add(byte[] id)
        {
            var i = Find(id);
            if (i >= 0) return;
            Ids.Insert(~i, id);
            Dirty = true;
        }

        public bool Remove(byte[] id)
        {
            var i = Find(id);
            if (i < 0) return false;
            Ids.RemoveAt(i);
            Dirty = true;
            return true;
        }

        private int Find(byte[] id)
        {
            int lo = 0, hi = Ids.Count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var c = Ids[mid].AsSpan().SequenceCompareTo(id);
                if (c == 0) return mid;
                if (c < 0) lo = mid + 1;
                else hi = mid - 1;
            }
            return ~lo;
        }
    }
}

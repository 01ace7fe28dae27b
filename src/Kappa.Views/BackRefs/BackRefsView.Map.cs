using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Views.KeyValue;

namespace Kappa.Views.BackRefs;

// The indexing rule. Per batch: every id some row links is superseded; a row whose id is not
// superseded (now or by an earlier batch) adds its (ref, id) pairs; an id linked for the first
// time drops the pairs committed for it. The two sets of writes never touch the same key (pairs
// are put only for ids not linked, deleted only for ids linked), so the stored rows depend only on
// the set of rows indexed — not on arrival order or batch boundaries — and equal a fresh rebuild.
// unordered-materialized-backrefs kept only the last row's refs per id (an id indexed twice left
// the first row's refs behind), kept ids in a plain object (ids such as "constructor" were taken
// as linked, a ref "__proto__" was never stored) and failed a whole batch for a row without refs.
public sealed partial class BackRefsView
{
    private static readonly byte[] Empty = [];
    private readonly List<BackRefRow> _rows = [];
    private readonly HashSet<string> _batchLinks = new(StringComparer.Ordinal);
    private readonly BackRefFilters _filters = new();
    private HashSet<string> _touched = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        if (!_filters.Loaded) await _filters.LoadAsync(Data, ct).ConfigureAwait(false);
        _rows.Clear();
        _batchLinks.Clear();
        _touched = new HashSet<string>(StringComparer.Ordinal);
        var watched = HasSubscribers;
        foreach (var entry in entries) _map(entry, _rows);
        foreach (var row in _rows)
            if (row.IsValid && row.Links is not null)
                foreach (var link in row.Links)
                    if (!string.IsNullOrEmpty(link)) _batchLinks.Add(link);
        foreach (var row in _rows)
        {
            if (!row.IsValid || row.Refs is null || _batchLinks.Contains(row.Id)) continue;
            var id = KvIdCodec.Encode(row.Id);
            var hash = BackRefFilters.Hash(id);
            if (await LinkedBeforeAsync(id, hash, ct).ConfigureAwait(false)) continue;
            foreach (var reference in row.Refs)
            {
                if (string.IsNullOrEmpty(reference)) continue;
                var encoded = KvIdCodec.Encode(reference);
                tx.Put(BackRefLayout.Pair(BackRefLayout.OriginTag, id, encoded), Empty);
                tx.Put(BackRefLayout.Pair(BackRefLayout.RefTag, encoded, id), Empty);
                _filters.HasRefs.Add(hash);
                if (watched) _touched.Add(reference);
            }
        }
        foreach (var link in _batchLinks) await SupersedeAsync(link, tx, watched, ct).ConfigureAwait(false);
    }

    /// <summary>Marks <paramref name="link"/> linked and drops the references its committed rows made.</summary>
    private async ValueTask SupersedeAsync(string link, ViewTransaction tx, bool watched, CancellationToken ct)
    {
        var id = KvIdCodec.Encode(link);
        var hash = BackRefFilters.Hash(id);
        if (await LinkedBeforeAsync(id, hash, ct).ConfigureAwait(false)) return; // its refs were dropped then
        tx.Put(BackRefLayout.LinkedKey(id), Empty);
        _filters.Linked.Add(hash);
        if (!_filters.HasRefs.Contains(hash)) return;
        var range = ScanRange.WithPrefix(BackRefLayout.Pair(BackRefLayout.OriginTag, id));
        await foreach (var (key, _) in Data.ScanAsync(range, ct).ConfigureAwait(false))
        {
            var reference = BackRefLayout.Second(key).ToArray();
            tx.Delete(key);
            tx.Delete(BackRefLayout.Pair(BackRefLayout.RefTag, reference, id));
            if (watched) _touched.Add(KvIdCodec.Decode(reference));
        }
    }

    /// <summary>Whether a committed batch linked the id (the filter answers "no" for almost every new id without a read).</summary>
    private async ValueTask<bool> LinkedBeforeAsync(byte[] id, int hash, CancellationToken ct) =>
        _filters.Linked.Contains(hash) && await Data.GetAsync(BackRefLayout.LinkedKey(id), ct).ConfigureAwait(false) is not null;
}

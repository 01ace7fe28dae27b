using Kappa.Core;
using Kappa.Hypercore;

namespace Kappa.Views.KeyValue;

// Where an id was indexed, without a record per row. Almost every row's id is its own entry's id
// ("<feed hex>@<seq>", always so for KvRows.KeyField), and the entry is in the store's feeds: the
// keys that id was indexed under are the keys the map gives that entry again. So such rows write
// no (id, key) record — a third of the view's writes, measured the largest remaining cost of
// indexing (RocksDB memtable inserts) — and the rare link that may cross keys re-reads the entry.
// Needs the map to be a function of the entry (as any view's map must be for a rebuild to give the
// same view) and the view installed on a core (core.Use): without one every row gets its record.
public sealed partial class KvView
{
    private readonly List<KvRow> _remapScratch = [];
    private readonly List<KvEncodedRow> _remapped = [];

    /// <summary>The keys under which the entry named by <paramref name="id"/> indexed rows with that id (none when not an entry id or the block is not here).</summary>
    private async ValueTask<List<string>> OwnKeysAsync(byte[] id, CancellationToken ct)
    {
        var keys = new List<string>();
        if (_core is null || KvIdCodec.AsEntry(id) is not { } entryId) return keys;
        var feed = _core.Feed(entryId.Feed);
        if (feed is null || !feed.Has(entryId.Seq)) return keys;
        ReadOnlyMemory<byte> data;
        try { data = await feed.GetRawAsync(entryId.Seq, wait: false, ct).ConfigureAwait(false); }
        catch (FeedException e) when (e.Code == FeedException.BlockMissing) { return keys; }
        _remapped.Clear();
        MapEntry(new KappaEntry(entryId.Feed, entryId.Seq, data, _core.Options.ValueEncoding), _remapScratch, _remapped);
        foreach (var row in _remapped)
            if (row.Own && row.Id.AsSpan().SequenceEqual(id) && !keys.Contains(row.Key)) keys.Add(row.Key);
        return keys;
    }
}

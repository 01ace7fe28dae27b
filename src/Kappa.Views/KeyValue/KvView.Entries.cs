using Kappa.Core;
using Kappa.Core.Indexing;
using static Kappa.Views.KeyValue.KvIdTable;

namespace Kappa.Views.KeyValue;

// Which entries the view has indexed, for the default map, whose row ids are their own entries'
// ids: an entry indexed can never become a head again, so a link to it needs no `l` record (nearly
// every update links the key's previous version: this was about half the view's writes, measured
// in the kv bench). The records stay canonical, whatever the order entries arrive and are indexed
// in, so a view resumed after kill -9 holds the very bytes of a fresh rebuild: an `l` record exists
// exactly for an id that is linked and whose entry is not indexed — written by a link that comes
// first, deleted when its entry is indexed (row or not), never written by a link that comes after.
// Known from the progress stored with the data, plus each batch mapped since (reloaded with the
// id table when a batch is lost). Custom maps may give any row any id: they keep every record.
public sealed partial class KvView
{
    private readonly Dictionary<ulong, FeedProgress> _indexedEntries = [];
    private readonly HashSet<byte[]> _droppedLinks = new(Kappa.Core.Stores.ByteOrder.Instance);
    private readonly List<byte[]> _linkDeletes = [];

    private async ValueTask LoadIndexedEntriesAsync(CancellationToken ct)
    {
        _indexedEntries.Clear();
        if (_map is not null || await StoredProgressAsync(ct).ConfigureAwait(false) is not { } stored) return;
        foreach (var (feed, progress) in stored.Feeds)
            if (_table.KeyOfEntry(feed, 0) is { } key)
                _indexedEntries[FeedOf(key)] = progress;
    }

    /// <summary>Whether a link to the exact id <paramref name="key"/> can skip its record: the default map, and its entry indexed (<paramref name="flags"/> say so for this batch's rows).</summary>
    private bool LinkNeedsNoRecord(ulong key, ulong flags) =>
        _map is null && ((flags & Indexed) != 0 || (_indexedEntries.TryGetValue(FeedOf(key), out var p) && p.NextUnindexed(SeqOf(key)) != SeqOf(key)));

    /// <summary>
    /// After the batch's rows: an entry of this batch that something linked earlier loses its `l`
    /// record (dropped from this batch when it wrote it, else deleted), and the batch counts as
    /// indexed. Runs after every row, so a link earlier or later in the same batch ends the same.
    /// </summary>
    private void IndexedBatch(IReadOnlyList<KappaEntry> entries)
    {
        _droppedLinks.Clear();
        _linkDeletes.Clear();
        if (_map is not null) return;
        var runStart = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (_table.KeyOfEntry(entry.Key, entry.Seq) is not { } key) continue;
            if ((_table.Flags(key) & Linked) != 0)
            {
                var record = KvLayout.LinkedKey(KvIdCodec.Encode(entry.Key, entry.Seq));
                _droppedLinks.Add(record);
            }
            var last = i + 1 == entries.Count || entries[i + 1].Key != entry.Key || entries[i + 1].Seq != entry.Seq + 1;
            if (!last) continue;
            if (!_indexedEntries.TryGetValue(FeedOf(key), out var progress)) _indexedEntries[FeedOf(key)] = progress = new FeedProgress();
            progress.MarkIndexed(entries[runStart].Seq, entry.Seq + 1);
            runStart = i + 1;
        }
        if (_droppedLinks.Count == 0) return;
        foreach (var record in _droppedLinks)
            if (_linkedKeys.RemoveAll(k => k.AsSpan().SequenceEqual(record)) == 0) _linkDeletes.Add(record);
    }
}

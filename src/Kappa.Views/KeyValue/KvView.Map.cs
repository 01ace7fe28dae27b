using Kappa.Core;
using Kappa.Core.Views;

namespace Kappa.Views.KeyValue;

// The indexing rule. Per batch: every touched key's heads and every touched id's record are read
// once (then served from memory), the rule runs over all rows, and each changed value is written
// once. unordered-materialized-kv did the same per batch but only removed links from the row's
// own key, so a cross-key link left a head behind or an empty "" head.
public sealed partial class KvView
{
    private readonly List<KvRow> _rows = [];
    private readonly Dictionary<string, IdState> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeadState> _heads = new(StringComparer.Ordinal);
    private List<(string Key, byte[]? Heads)> _staged = [];

    /// <inheritdoc />
    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        _rows.Clear();
        _ids.Clear();
        _heads.Clear();
        _staged = [];
        foreach (var entry in entries) _map(entry, _rows);
        foreach (var row in _rows)
        {
            if (!row.IsValid) continue;
            var id = await IdAsync(row.Id, tx, ct).ConfigureAwait(false);
            if (!id.Keys.Contains(row.Key))
            {
                id.Keys.Add(row.Key);
                id.Dirty = true;
                if (!id.Linked) (await HeadsAsync(row.Key, tx, ct).ConfigureAwait(false)).Add(id.Encoded);
            }
            if (row.Links is null) continue;
            foreach (var link in row.Links)
            {
                if (string.IsNullOrEmpty(link)) continue;
                var target = await IdAsync(link, tx, ct).ConfigureAwait(false);
                if (target.Linked) continue;
                target.Linked = true;
                target.Dirty = true;
                foreach (var key in target.Keys) (await HeadsAsync(key, tx, ct).ConfigureAwait(false)).Remove(target.Encoded);
            }
        }
        foreach (var id in _ids.Values)
            if (id.Dirty) tx.Put(KvLayout.IdKey(id.Encoded), KvLayout.WriteRecord(id.Linked, id.Keys));
        foreach (var (key, heads) in _heads)
        {
            if (!heads.Dirty) continue;
            var value = heads.Ids.Count == 0 ? null : KvLayout.WriteIds(heads.Ids);
            if (value is null ? heads.Stored is null : heads.Stored is not null && value.AsSpan().SequenceEqual(heads.Stored)) continue;
            if (value is null) tx.Delete(KvLayout.HeadsKey(key));
            else tx.Put(KvLayout.HeadsKey(key), value);
            _staged.Add((key, value));
        }
    }

    private async ValueTask<IdState> IdAsync(string id, ViewTransaction tx, CancellationToken ct)
    {
        if (_ids.TryGetValue(id, out var state)) return state;
        var encoded = KvIdCodec.Encode(id);
        var stored = await tx.GetAsync(KvLayout.IdKey(encoded), ct).ConfigureAwait(false);
        var (linked, keys) = stored is null ? (false, new List<string>(1)) : KvLayout.ReadRecord(stored);
        state = new IdState(encoded, keys) { Linked = linked };
        _ids.Add(id, state);
        return state;
    }

    private async ValueTask<HeadState> HeadsAsync(string key, ViewTransaction tx, CancellationToken ct)
    {
        if (_heads.TryGetValue(key, out var state)) return state;
        var stored = await tx.GetAsync(KvLayout.HeadsKey(key), ct).ConfigureAwait(false);
        state = new HeadState(stored, stored is null ? new List<byte[]>(1) : KvLayout.ReadIds(stored));
        _heads.Add(key, state);
        return state;
    }

    private sealed class IdState(byte[] encoded, List<string> keys)
    {
        public byte[] Encoded { get; } = encoded;
        public List<string> Keys { get; } = keys;
        public bool Linked { get; set; }
        public bool Dirty { get; set; }
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

        public void Remove(byte[] id)
        {
            var i = Find(id);
            if (i < 0) return;
            Ids.RemoveAt(i);
            Dirty = true;
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

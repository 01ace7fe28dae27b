using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Spatial;

// The indexing rule. Per row: its links first (a row linking itself adds nothing), then its point
// unless its id is linked. A link marks the id linked once and removes every point the id has —
// committed ones found by the id index, this batch's from memory (a scan does not see staged
// writes). unordered-materialized-bkd asked the caller's isLinked/getPoint, which only see what
// the caller indexed already, and stored a duplicate point for a repeated id; here both are sets.
public sealed partial class SpatialView
{
    private static readonly byte[] Empty = [];
    private readonly List<SpatialRow> _rows = [];
    private readonly HashSet<string> _batchLinked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<byte[]>> _batchPoints = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        await CheckDimensionsAsync(tx, ct).ConfigureAwait(false);
        _rows.Clear();
        _batchLinked.Clear();
        _batchPoints.Clear();
        foreach (var entry in entries) _map(entry, _rows);
        var values = new ulong[Dimensions];
        foreach (var row in _rows)
        {
            if (!row.IsValidFor(Dimensions)) continue;
            if (row.Links is not null)
                foreach (var link in row.Links)
                    if (!string.IsNullOrEmpty(link) && _batchLinked.Add(link)) await LinkAsync(link, tx, ct).ConfigureAwait(false);
            if (row.Point is null || _batchLinked.Contains(row.Id)) continue;
            var id = KvIdCodec.Encode(row.Id);
            if (await Data.GetAsync(SpatialLayout.LinkedKey(id), ct).ConfigureAwait(false) is not null) continue;
            for (var d = 0; d < Dimensions; d++) values[d] = ZOrder.Encode(row.Point[d]);
            var z = ZOrder.Key(values);
            if (!_batchPoints.TryGetValue(row.Id, out var zs)) _batchPoints[row.Id] = zs = new List<byte[]>(1);
            if (zs.Exists(x => x.AsSpan().SequenceEqual(z))) continue;
            zs.Add(z);
            tx.Put(SpatialLayout.PointKey(z, id), Empty);
            tx.Put(SpatialLayout.IdKey(id, z), Empty);
        }
    }

    private async ValueTask LinkAsync(string link, ViewTransaction tx, CancellationToken ct)
    {
        var id = KvIdCodec.Encode(link);
        var linkedKey = SpatialLayout.LinkedKey(id);
        if (await Data.GetAsync(linkedKey, ct).ConfigureAwait(false) is not null) return; // its points went when first linked
        tx.Put(linkedKey, Empty);
        if (_batchPoints.Remove(link, out var staged))
            foreach (var z in staged) Remove(tx, id, z);
        var prefix = SpatialLayout.IdKey(id, []);
        var length = prefix.Length + 8 * Dimensions;
        await foreach (var (key, _) in Data.ScanAsync(ScanRange.WithPrefix(prefix), ct).ConfigureAwait(false))
            if (key.Length == length) Remove(tx, id, key.AsSpan(prefix.Length));
    }

    private static void Remove(ViewTransaction tx, byte[] id, ReadOnlySpan<byte> z)
    {
        tx.Delete(SpatialLayout.PointKey(z, id));
        tx.Delete(SpatialLayout.IdKey(id, z));
    }

    /// <summary>The dimension is part of the stored layout: a store indexed with another one faults the view instead of answering wrongly.</summary>
    private async ValueTask CheckDimensionsAsync(ViewTransaction tx, CancellationToken ct)
    {
        var stored = await tx.GetAsync(SpatialLayout.MetaKey, ct).ConfigureAwait(false);
        if (stored is null) tx.Put(SpatialLayout.MetaKey, SpatialLayout.Meta(Dimensions));
        else if (SpatialLayout.ReadMeta(stored) != Dimensions)
            throw new InvalidOperationException(
                $"This spatial view's store holds {SpatialLayout.ReadMeta(stored)}-dimensional points, not {Dimensions}; install the view with a new version to rebuild it.");
    }
}

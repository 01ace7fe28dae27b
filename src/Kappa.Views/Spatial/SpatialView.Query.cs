using System.Runtime.CompilerServices;
using Kappa.Core.Stores;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Spatial;

// Box queries: a walk along the Z curve from the box's lowest corner to its highest, jumping over
// the stretches outside the box (BIGMIN). Each jump starts a new scan, so the whole walk holds the
// commit gate: the answer is one committed state, never half of a batch.
public sealed partial class SpatialView
{
    /// <summary>
    /// The current points inside <paramref name="box"/> (edges included, exact on doubles), once
    /// this view indexed everything stored now. Ordered by Z-order key, then id — the same order on
    /// every peer with the same points. Reads one committed state (collected before the first result).
    /// </summary>
    /// <exception cref="ArgumentException">The box's dimension is not the view's.</exception>
    /// <exception cref="Kappa.Core.Views.ViewException">The view is faulted or paused.</exception>
    public async IAsyncEnumerable<SpatialPoint> QueryAsync(SpatialBox box, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(box);
        if (box.Dimensions != Dimensions)
            throw new ArgumentException($"The box has {box.Dimensions} dimensions; this view's points have {Dimensions}.", nameof(box));
        await ReadyAsync(ct).ConfigureAwait(false);
        List<SpatialPoint> found;
        await _hook.Gate.WaitAsync(ct).ConfigureAwait(false);
        try { found = await WalkAsync(box, ct).ConfigureAwait(false); }
        finally { _hook.Gate.Release(); }
        foreach (var point in found) yield return point;
    }

    private async Task<List<SpatialPoint>> WalkAsync(SpatialBox box, CancellationToken ct)
    {
        var dims = Dimensions;
        var min = new ulong[dims];
        var max = new ulong[dims];
        var values = new ulong[dims];
        for (var d = 0; d < dims; d++)
        {
            min[d] = ZOrder.Encode(box.Min[d]);
            max[d] = ZOrder.Encode(box.Max[d]);
        }
        var zLength = 8 * dims;
        var start = Tagged(ZOrder.Key(min));
        var end = ScanRange.PrefixEnd(Tagged(ZOrder.Key(max)));
        var found = new List<SpatialPoint>();
        while (start is not null)
        {
            var next = (byte[]?)null;
            await foreach (var (key, _) in Data.ScanAsync(new ScanRange { Start = start, End = end }, ct).ConfigureAwait(false))
            {
                ZOrder.Deinterleave(key.AsSpan(1, zLength), values);
                if (ZOrder.Inside(values, min, max))
                {
                    found.Add(new SpatialPoint(KvIdCodec.Decode(key.AsSpan(1 + zLength)), [.. values.Select(ZOrder.Decode)]));
                    continue;
                }
                var jump = new ulong[dims];
                if (ZOrder.TryBigMin(values, min, max, jump)) next = Tagged(ZOrder.Key(jump));
                break;
            }
            start = next;
        }
        return found;
    }

    private static byte[] Tagged(byte[] z)
    {
        var key = new byte[1 + z.Length];
        key[0] = SpatialLayout.PointTag;
        z.CopyTo(key, 1);
        return key;
    }
}

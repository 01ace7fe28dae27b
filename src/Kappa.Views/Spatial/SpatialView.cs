using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.Views.Spatial;

/// <summary>
/// Spatial points with forks — unordered-materialized-bkd 1.1 made exact. Rows
/// <c>{id, point, links}</c> (from <see cref="SpatialMap"/>) of a fixed dimension (2 or more); the
/// current points are those of rows whose id no row links to. Linking is a global fact: a link
/// removes every point of the id, and an id linked before it arrives is never added, so any
/// arrival order gives the same points; two rows linking one ancestor are two current points (a
/// fork). Tombstones (<see cref="SpatialRow.Tombstone"/>) remove what they link and add nothing.
/// <para>
/// Structure: a Z-order (Morton) key over order-preserving encodings of the full 64-bit doubles,
/// kept in the ordered view store (<see cref="SpatialLayout"/>); a box query walks the curve
/// between the box's corners and, on reaching a key outside the box, jumps to the next key inside
/// it (BIGMIN, <see cref="ZOrder.TryBigMin"/>), so it reads the points in the box plus about one
/// key per place the curve leaves it — not the whole store. Chosen over a bkd-tree (JS) or an
/// R-tree because it is a plain ordered key: every update is a few keys in KappaView's one atomic
/// write with the progress (exactly once across a crash, on RocksDB or in memory), with no tree
/// to rebalance or flush, and the exact filter works on the stored bits, so box edges are exact.
/// </para>
/// Built on <see cref="KappaView"/>: a version bump rebuilds, a throwing map faults only this
/// view. Thread-safe for readers; one batch is mapped at a time.
/// </summary>
public sealed partial class SpatialView : KappaView, IView, IView<SpatialView>
{
    private readonly SpatialMap _map;
    private readonly GatedProgress _hook;
    private KappaCore? _core;
    private string _name = "spatial";

    /// <summary>A spatial view of <paramref name="dimensions"/> over <paramref name="store"/> (RocksDB persists; memory rebuilds each run).</summary>
    /// <param name="store">Where points and progress live; one store (or prefixed store) per view.</param>
    /// <param name="dimensions">Coordinates per point, 2 or more; fixed for the store's life (changing it needs a new view version).</param>
    /// <param name="map">Entry → rows; default <see cref="SpatialRows.PointField"/>.</param>
    /// <param name="maxBatch">Entries per atomic batch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is below 2 or above 64.</exception>
    public SpatialView(IViewStore store, int dimensions = 2, SpatialMap? map = null, int maxBatch = 1000) : base(store, maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, 64);
        Dimensions = dimensions;
        _map = map ?? SpatialRows.PointField;
        _hook = new GatedProgress(this);
    }

    /// <summary>Coordinates per point.</summary>
    public int Dimensions { get; }

    IViewProgress? IView.Progress => _hook;

    SpatialView IView<SpatialView>.CreateApi(KappaCore core, string name)
    {
        _core = core;
        _name = name;
        return this;
    }

    private Task ReadyAsync(CancellationToken ct) => _core is null ? Task.CompletedTask : _core.ReadyAsync([_name], ct);
}

using System.Text;
using Kappa.Core.Stores;

namespace Kappa.Core.Views;

/// <summary>
/// A view whose index and progress live in one <see cref="IViewStore"/> (as kappa-view 3.1 over a
/// level db: data under <c>!d!</c>, the state at <c>!s!state</c> as base64 text). Unlike
/// kappa-view, the map's writes and the progress are committed in one atomic write, so after a
/// crash every batch is applied exactly once; and a version change clears data and progress
/// together, so the view is rebuilt (kappa-view kept the progress and stayed empty).
/// </summary>
public abstract partial class KappaView : IView, IViewProgress
{
    private static readonly byte[] StateKey = Encoding.ASCII.GetBytes("!s!state");
    private static readonly byte[] DataPrefix = Encoding.ASCII.GetBytes("!d!");
    private readonly IViewStore _store;
    private readonly RocksDbViewStore? _root;
    private ViewTransaction? _current;
    // The store generation the progress was read from: a batch commits only into that generation.
    private long _generation;

    /// <summary>A view over <paramref name="store"/> (the view does not dispose it).</summary>
    /// <param name="store">Where index and progress live; one store (or prefixed sub-store) per view.</param>
    /// <param name="maxBatch">Entries per map call (kappa-view always uses 100).</param>
    protected KappaView(IViewStore store, int maxBatch = 100)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _store = store;
        Data = store.WithPrefix(DataPrefix);
        MapData = new PendingWriteReads(Data, () => _landed);
        _root = (Data as IRecoverableViewStore)?.Root;
        MaxBatch = maxBatch;
    }

    /// <inheritdoc />
    public int MaxBatch { get; }

    /// <inheritdoc />
    public IViewProgress? Progress => this;

    /// <summary>The store, when it can find itself damaged and start afresh (RocksDB); the indexer then rebuilds the view.</summary>
    internal RocksDbViewStore? Root => _root;

    /// <summary>The view's committed data (for its API's reads).</summary>
    protected IViewStore Data { get; }

    /// <summary>Indexes one batch by staging writes in <paramref name="tx"/>; nothing is committed until the progress is.</summary>
    protected abstract ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct);

    /// <inheritdoc />
    public async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, CancellationToken ct)
    {
        if (_current is not null) OnBatchLost(); // mapped earlier, never sealed: whatever the view kept from it is ahead of the store
        _current = null; // a failed map leaves nothing staged
        // A write still in flight: this batch reads after it (MapData) and commits only if it landed.
        // (No write in flight: none starts before this map ends, so reads go straight to the store.)
        var tx = _landed.IsCompleted ? new ViewTransaction(Data) : new ViewTransaction(MapData) { After = _landed };
        await MapAsync(entries, tx, ct).ConfigureAwait(false);
        _current = tx;
    }

    async ValueTask<byte[]?> IViewProgress.FetchAsync(CancellationToken ct)
    {
        // Taken before the read: a restart in between makes the next commit fail and reload, never land on the new files.
        if (_root is not null) _generation = _root.Generation;
        var text = await _store.GetAsync(StateKey, ct).ConfigureAwait(false);
        return text is null ? null : Convert.FromBase64String(Encoding.ASCII.GetString(text));
    }

    ValueTask IViewProgress.StoreAsync(ReadOnlyMemory<byte> state, CancellationToken ct) => new(Seal(state)(ct));

    async ValueTask IViewProgress.ClearAsync(CancellationToken ct)
    {
        await _landed.ConfigureAwait(false);
        _current = null;
        // Progress first: a crash halfway leaves "no state", which clears again on the next start.
        await _store.DeleteAsync(StateKey, ct).ConfigureAwait(false);
        await Data.DeleteRangeAsync(ct: ct).ConfigureAwait(false);
    }

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var r = new byte[a.Length + b.Length];
        a.CopyTo(r, 0);
        b.CopyTo(r, a.Length);
        return r;
    }
}

namespace Kappa.Core.Views;

/// <summary>
/// Persistent progress of a view (kappa-core's <c>fetchState</c>/<c>storeState</c>/<c>clearIndex</c>).
/// The indexer calls <see cref="StoreAsync"/> after each mapped batch; a view that commits its
/// map's writes in the same atomic write as the state gets exactly-once indexing (see
/// <see cref="KappaView"/>).
/// </summary>
public interface IViewProgress
{
    /// <summary>The last stored state bytes, or null when none.</summary>
    ValueTask<byte[]?> FetchAsync(CancellationToken ct);

    /// <summary>Stores the state after a batch (multifeed-index 3.4 layout, see indexing.md §4).</summary>
    ValueTask StoreAsync(ReadOnlyMemory<byte> state, CancellationToken ct);

    /// <summary>Wipes the view's data and state (its version changed, or no state exists).</summary>
    ValueTask ClearAsync(CancellationToken ct);
}

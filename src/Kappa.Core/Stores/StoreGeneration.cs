namespace Kappa.Core.Stores;

/// <summary>
/// The store generation a view's commit belongs to. A <see cref="RocksDbViewStore"/> counts how
/// often it started afresh after damage; a view commits a batch only into the generation it read
/// its progress from, so a batch mapped over the old files never lands on the new, empty ones
/// (its progress would claim entries whose index was lost). It flows with the commit's async call
/// (an AsyncLocal) so that wrappers between the view and the store (a commit gate) stay in the path.
/// </summary>
internal static class StoreGeneration
{
    private static readonly AsyncLocal<(RocksDbViewStore Store, long Generation)?> Current = new();

    /// <summary>Runs <paramref name="write"/> as a commit that only <paramref name="store"/> at <paramref name="generation"/> accepts.</summary>
    public static async ValueTask CommitAsync(RocksDbViewStore store, long generation, Func<ValueTask> write)
    {
        Current.Value = (store, generation);
        try { await write().ConfigureAwait(false); }
        finally { Current.Value = null; }
    }

    /// <summary>The generation <paramref name="store"/> must be at for the write in progress, or null when it is not a guarded commit.</summary>
    public static long? ExpectedBy(RocksDbViewStore store) =>
        Current.Value is { } c && ReferenceEquals(c.Store, store) ? c.Generation : null;
}

namespace Kappa.Core.Stores;

/// <summary>
/// An ordered key/value store for views (like leveldb/memdb under kappa-view): keys and values
/// are bytes, ordered by unsigned bytewise comparison. Thread-safe. A write batch is atomic:
/// all of it becomes visible at once, or none. Scans read a snapshot: writes that land during a
/// scan never show in it and never break it.
/// </summary>
public interface IViewStore : IAsyncDisposable
{
    /// <summary>The value stored at <paramref name="key"/>, or null.</summary>
    ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default);

    /// <summary>Stores <paramref name="value"/> at <paramref name="key"/> (a one-operation batch).</summary>
    ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default);

    /// <summary>Removes <paramref name="key"/> (no error when absent).</summary>
    ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default);

    /// <summary>Applies every put and delete of <paramref name="batch"/> atomically, in order.</summary>
    ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default);

    /// <summary>Keys and values in key order (or reverse) within <paramref name="range"/>, from a snapshot taken when the scan starts.</summary>
    IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, CancellationToken ct = default);

    /// <summary>Deletes every key in <paramref name="range"/> (all keys when null) atomically.</summary>
    ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default);

    /// <summary>A view of this store where every key is transparently prefixed (like subleveldown); scans stay inside the prefix.</summary>
    IViewStore WithPrefix(ReadOnlySpan<byte> prefix);
}

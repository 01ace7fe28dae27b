using Kappa.Core.Stores;

namespace Kappa.TestSupport;

/// <summary>
/// A real view store whose atomic writes fail while <see cref="Fail"/> is set, or at the
/// <see cref="FailAt"/>-th write (counted over this store and its prefixed views): an I/O error
/// injected where a view commits, its data and progress together.
/// </summary>
public sealed class FailingWritesStore(IViewStore inner, FailingWritesStore? root = null) : IViewStore
{
    private int _writes;

    private FailingWritesStore Root => root ?? this;

    /// <summary>Fail every write while set.</summary>
    public bool Fail { get; set; }

    /// <summary>Fail only the write with this 1-based number (0 = none).</summary>
    public int FailAt { get; set; }

    /// <summary>Whether a write was refused.</summary>
    public bool Fired { get; private set; }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.GetAsync(key, ct);

    /// <inheritdoc />
    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default) => inner.PutAsync(key, value, ct);

    /// <inheritdoc />
    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);

    /// <inheritdoc />
    public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default)
    {
        var n = Interlocked.Increment(ref Root._writes);
        if (Root.Fail || n == Root.FailAt)
        {
            Root.Fired = true;
            throw new ViewStoreException(ViewStoreException.Io, $"injected failure of write {n}");
        }
        return inner.WriteAsync(batch, ct);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, CancellationToken ct = default) => inner.ScanAsync(range, ct);

    /// <inheritdoc />
    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default) => inner.DeleteRangeAsync(range, ct);

    /// <inheritdoc />
    public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => new FailingWritesStore(inner.WithPrefix(prefix), Root);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => root is null ? inner.DisposeAsync() : ValueTask.CompletedTask;
}

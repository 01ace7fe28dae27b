using System.Runtime.CompilerServices;

namespace Kappa.Core.Stores;

/// <summary>
/// An in-process view store (like memdb): nothing survives the process. Point reads and writes
/// go to a hash map (O(1), the view hot path); the key order lives in a sorted set touched only
/// when a key is added or removed, so updating an existing key (a running sum) costs no tree
/// work. Scans copy their range under the lock: a consistent snapshot.
/// </summary>
public sealed class MemoryViewStore : IViewStore
{
    private readonly Dictionary<byte[], byte[]> _values = new(ByteOrder.Instance);
    private readonly SortedSet<byte[]> _keys = new(ByteOrder.Instance);
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>Number of keys.</summary>
    public int Count
    {
        get { lock (_gate) return _values.Count; }
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            var lookup = _values.GetAlternateLookup<ReadOnlySpan<byte>>();
            return ValueTask.FromResult(lookup.TryGetValue(key.Span, out var v) ? v : null);
        }
    }

    /// <inheritdoc />
    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            Set(key.ToArray(), value.ToArray());
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            Remove(key.ToArray());
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            ThrowIfClosed();
            foreach (var (key, value) in batch.Operations)
            {
                if (value is null) Remove(key);
                else Set(key, value);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        List<KeyValuePair<byte[], byte[]>> snapshot;
        lock (_gate)
        {
            ThrowIfClosed();
            snapshot = [.. Select(range ?? new ScanRange()).Select(k => new KeyValuePair<byte[], byte[]>(k, _values[k]))];
        }
        foreach (var entry in snapshot)
        {
            ct.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            foreach (var key in Select((range ?? new ScanRange()) with { Limit = null, Reverse = false }).ToList()) Remove(key);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => new PrefixedViewStore(this, prefix);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
            _values.Clear();
            _keys.Clear();
        }
        return ValueTask.CompletedTask;
    }

    private IEnumerable<byte[]> Select(ScanRange range)
    {
        var (lower, upper) = range.Bounds();
        if (_keys.Count == 0) return [];
        var top = upper ?? _keys.Max!;
        if (ByteOrder.Compare(lower, top) > 0) return [];
        var view = _keys.GetViewBetween(lower, top); // inclusive of top: an exclusive upper bound is filtered below
        IEnumerable<byte[]> keys = range.Reverse ? view.Reverse() : view;
        if (upper is not null) keys = keys.Where(k => ByteOrder.Compare(k, upper) < 0);
        return range.Limit is { } limit ? keys.Take(limit) : keys;
    }

    private void Set(byte[] key, byte[] value)
    {
        if (_values.TryAdd(key, value)) _keys.Add(key);
        else _values[key] = value;
    }

    private void Remove(byte[] key)
    {
        if (_values.Remove(key)) _keys.Remove(key);
    }

    private void ThrowIfClosed()
    {
        if (_closed) throw new ViewStoreException(ViewStoreException.Closed, "The view store is closed.");
    }
}

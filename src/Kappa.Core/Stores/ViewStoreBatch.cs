namespace Kappa.Core.Stores;

/// <summary>Puts and deletes applied together by <see cref="IViewStore.WriteAsync"/> (in the order added). Not thread-safe.</summary>
public sealed class ViewStoreBatch
{
    private readonly List<(byte[] Key, byte[]? Value)> _operations = [];

    /// <summary>Number of operations.</summary>
    public int Count => _operations.Count;

    /// <summary>Adds a put (key and value are copied).</summary>
    public ViewStoreBatch Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        _operations.Add((key.ToArray(), value.ToArray()));
        return this;
    }

    /// <summary>Adds a delete (key is copied).</summary>
    public ViewStoreBatch Delete(ReadOnlySpan<byte> key)
    {
        _operations.Add((key.ToArray(), null));
        return this;
    }

    /// <summary>
    /// Adds a put that takes <paramref name="key"/> and <paramref name="value"/> as they are: the
    /// caller hands them over and never changes them again (a store may keep them). For views
    /// that build fresh arrays per write anyway: measured, the copies of every key and value on
    /// the way to RocksDB (four of each key per kv row) were a tenth of the GC's work.
    /// </summary>
    internal ViewStoreBatch PutOwned(byte[] key, byte[] value)
    {
        _operations.Add((key, value));
        return this;
    }

    /// <summary>Adds a delete that takes <paramref name="key"/> as it is (see <see cref="PutOwned"/>).</summary>
    internal ViewStoreBatch DeleteOwned(byte[] key)
    {
        _operations.Add((key, null));
        return this;
    }

    /// <summary>Removes every operation.</summary>
    public void Clear() => _operations.Clear();

    internal IReadOnlyList<(byte[] Key, byte[]? Value)> Operations => _operations;

    /// <summary>The last operation on <paramref name="key"/> in this batch, if any (read-your-writes for views).</summary>
    internal bool TryGetPending(ReadOnlySpan<byte> key, out byte[]? value)
    {
        for (var i = _operations.Count - 1; i >= 0; i--)
        {
            if (!key.SequenceEqual(_operations[i].Key)) continue;
            value = _operations[i].Value;
            return true;
        }
        value = null;
        return false;
    }
}

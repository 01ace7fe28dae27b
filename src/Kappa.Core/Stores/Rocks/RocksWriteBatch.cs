using static Kappa.Core.Stores.Rocks.RocksNative;

namespace Kappa.Core.Stores.Rocks;

/// <summary>A RocksDB write batch (<c>rocksdb_writebatch_t</c>): puts and deletes applied together by <see cref="RocksDatabase.Write"/>.</summary>
internal sealed unsafe class RocksWriteBatch : IDisposable
{
    public nint Handle { get; } = rocksdb_writebatch_create();

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        fixed (byte* k = key)
        fixed (byte* v = value)
            rocksdb_writebatch_put(Handle, k, (nuint)key.Length, v, (nuint)value.Length);
    }

    public void Delete(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key) rocksdb_writebatch_delete(Handle, k, (nuint)key.Length);
    }

    /// <summary>Deletes every key in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        fixed (byte* s = start)
        fixed (byte* e = end)
            rocksdb_writebatch_delete_range(Handle, s, (nuint)start.Length, e, (nuint)end.Length);
    }

    public void Dispose() => rocksdb_writebatch_destroy(Handle);
}

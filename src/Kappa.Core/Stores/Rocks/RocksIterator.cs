using static Kappa.Core.Stores.Rocks.RocksNative;

namespace Kappa.Core.Stores.Rocks;

/// <summary>A RocksDB iterator (<c>rocksdb_iterator_t</c>) with the read options it was made with; dispose it before its database.</summary>
internal sealed unsafe class RocksIterator : IDisposable
{
    private readonly nint _options;
    private readonly nint _iterator;

    public RocksIterator(nint db, nint snapshot)
    {
        _options = rocksdb_readoptions_create();
        if (snapshot != 0) rocksdb_readoptions_set_snapshot(_options, snapshot);
        _iterator = rocksdb_create_iterator(db, _options);
    }

    /// <summary>True while positioned on an entry; after it turns false, throws any error the iterator met.</summary>
    public bool Valid()
    {
        if (rocksdb_iter_valid(_iterator) != 0) return true;
        byte* error = null;
        rocksdb_iter_get_error(_iterator, &error);
        Check(error);
        return false;
    }

    /// <summary>Throws the error the iterator met, if any (an iterator that meets a damaged block just stops being valid).</summary>
    public void ThrowIfError()
    {
        byte* error = null;
        rocksdb_iter_get_error(_iterator, &error);
        Check(error);
    }

    public void Seek(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key) rocksdb_iter_seek(_iterator, k, (nuint)key.Length);
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key) rocksdb_iter_seek_for_prev(_iterator, k, (nuint)key.Length);
    }

    public void SeekToLast() => rocksdb_iter_seek_to_last(_iterator);

    public void Next() => rocksdb_iter_next(_iterator);

    public void Prev() => rocksdb_iter_prev(_iterator);

    /// <summary>The current key, valid until the iterator moves (copy it to keep it).</summary>
    public ReadOnlySpan<byte> KeySpan()
    {
        nuint length;
        var key = rocksdb_iter_key(_iterator, &length);
        return new ReadOnlySpan<byte>(key, checked((int)length));
    }

    /// <summary>The current value, valid until the iterator moves.</summary>
    public ReadOnlySpan<byte> ValueSpan()
    {
        nuint length;
        var value = rocksdb_iter_value(_iterator, &length);
        return new ReadOnlySpan<byte>(value, checked((int)length));
    }

    public byte[] Key() => KeySpan().ToArray();

    public byte[] Value() => ValueSpan().ToArray();

    public void Dispose()
    {
        rocksdb_iter_destroy(_iterator);
        rocksdb_readoptions_destroy(_options);
    }
}

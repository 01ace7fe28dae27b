using static Kappa.Core.Stores.Rocks.RocksNative;

namespace Kappa.Core.Stores.Rocks;

/// <summary>
/// One open RocksDB database (<c>rocksdb_t</c>) with its write options. Not thread-safe to
/// dispose while in use: <see cref="RocksDbViewStore"/> guards every call with its lifetime lock.
/// </summary>
internal sealed unsafe class RocksDatabase : IDisposable
{
    private readonly nint _db;
    private readonly nint _write;
    private readonly nint _read = rocksdb_readoptions_create(); // the C API needs options, not null
    private bool _disposed;

    private RocksDatabase(nint db, bool syncWrites)
    {
        _db = db;
        _write = rocksdb_writeoptions_create();
        rocksdb_writeoptions_set_sync(_write, syncWrites ? (byte)1 : (byte)0);
    }

    /// <summary>
    /// What a first <see cref="Open"/> of a process pays before it reaches the disk: loads the
    /// native library and opens and closes a database in RocksDB's in-memory environment, which
    /// runs (and so pages in and initialises) the same open path without any file.
    /// </summary>
    public static void Preload()
    {
        EnsureResolver();
        var env = rocksdb_create_mem_env();
        try { rocksdb_close(OpenHandle("/kappa-preload", readOnly: false, env)); }
        finally { rocksdb_env_destroy(env); }
    }

    /// <summary>Opens (creating it if missing unless <paramref name="readOnly"/>) the database in <paramref name="directory"/>, with paranoid checks (RocksDB's default, pinned: a mismatch found at open or by a background job is an error).</summary>
    /// <exception cref="RocksException">It is locked by another process, or cannot be opened.</exception>
    public static RocksDatabase Open(string directory, bool readOnly, bool syncWrites)
    {
        EnsureResolver();
        return new RocksDatabase(OpenHandle(directory, readOnly, env: 0), syncWrites);
    }

    /// <summary>The <c>rocksdb_t</c> of <see cref="Open"/>'s options, in <paramref name="env"/> (0: the default, the file system).</summary>
    private static nint OpenHandle(string directory, bool readOnly, nint env)
    {
        var options = rocksdb_options_create();
        try
        {
            if (env != 0) rocksdb_options_set_env(options, env);
            rocksdb_options_set_paranoid_checks(options, 1);
            byte* error = null;
            nint db;
            if (readOnly) db = rocksdb_open_for_read_only(options, directory, 0, &error);
            else
            {
                rocksdb_options_set_create_if_missing(options, 1);
                db = rocksdb_open(options, directory, &error);
            }
            Check(error);
            return db;
        }
        finally { rocksdb_options_destroy(options); }
    }

    /// <summary>The value stored at <paramref name="key"/>, or null.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        byte* error = null;
        nint slice;
        fixed (byte* k = key) slice = rocksdb_get_pinned(_db, _read, k, (nuint)key.Length, &error);
        Check(error);
        if (slice == 0) return null;
        try
        {
            nuint length;
            var value = rocksdb_pinnableslice_value(slice, &length);
            return new ReadOnlySpan<byte>(value, checked((int)length)).ToArray();
        }
        finally { rocksdb_pinnableslice_destroy(slice); }
    }

    /// <summary>Stores one key (through the write-ahead log).</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        byte* error = null;
        fixed (byte* k = key)
        fixed (byte* v = value)
            rocksdb_put(_db, _write, k, (nuint)key.Length, v, (nuint)value.Length, &error);
        Check(error);
    }

    /// <summary>Applies <paramref name="batch"/> atomically.</summary>
    public void Write(RocksWriteBatch batch)
    {
        byte* error = null;
        rocksdb_write(_db, _write, batch.Handle, &error);
        Check(error);
    }

    /// <summary>Reads every block of every SST file and checks its checksum (RocksDB's VerifyChecksum).</summary>
    /// <exception cref="RocksException">A block does not match its checksum, or a file is unreadable.</exception>
    public void VerifyChecksums()
    {
        byte* error = null;
        rocksdb_verify_checksum(_db, &error);
        Check(error);
    }

    /// <summary>A consistent view of the database now; release it with <see cref="ReleaseSnapshot"/>.</summary>
    public nint CreateSnapshot() => rocksdb_create_snapshot(_db);

    /// <summary>Releases a snapshot from <see cref="CreateSnapshot"/>.</summary>
    public void ReleaseSnapshot(nint snapshot) => rocksdb_release_snapshot(_db, snapshot);

    /// <summary>An iterator over the database (at <paramref name="snapshot"/> when not 0).</summary>
    public RocksIterator NewIterator(nint snapshot = 0) => new(_db, snapshot);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        rocksdb_close(_db);
        rocksdb_writeoptions_destroy(_write);
        rocksdb_readoptions_destroy(_read);
    }
}

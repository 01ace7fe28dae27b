using System.Reflection;
using System.Runtime.InteropServices;

namespace Kappa.Core.Stores.Rocks;

/// <summary>
/// The part of RocksDB's C API (<c>rocksdb/c.h</c>) that <see cref="RocksDbViewStore"/> uses,
/// bound with source-generated <c>LibraryImport</c> to the native library of the <c>RocksDB</c>
/// package (runtimes/RID/native). Why not the package's own managed binding: on first use it
/// emits a type with a delegate for each of its ~700 functions through Reflection.Emit and
/// fills them by reflection, which measured 190 ms of CPU in every <c>kappa</c> process (of
/// 320 ms for a whole <c>kappa sum</c>); these ~30 imports bind lazily, per function, in
/// microseconds, and need no dynamic code.
/// </summary>
internal static unsafe partial class RocksNative
{
    private const string Lib = "rocksdb";

    static RocksNative() => NativeLibrary.SetDllImportResolver(typeof(RocksNative).Assembly, Resolve);

    /// <summary>Forces the resolver in before the first call.</summary>
    public static void EnsureResolver() { }

    // As the package's loader: the glibc build first, then its musl build (Alpine).
    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib) return 0;
        if (NativeLibrary.TryLoad(name, assembly, path, out var handle)) return handle;
        return OperatingSystem.IsLinux() && NativeLibrary.TryLoad("librocksdb-musl.so", assembly, path, out handle) ? handle : 0;
    }

    /// <summary>Throws the message RocksDB wrote to <paramref name="error"/> (and frees it), if any.</summary>
    public static void Check(byte* error)
    {
        if (error is null) return;
        var message = Marshal.PtrToStringUTF8((nint)error) ?? "unknown error";
        rocksdb_free(error);
        throw new RocksException(message);
    }

    [LibraryImport(Lib)] public static partial void rocksdb_free(void* ptr);

    [LibraryImport(Lib)] public static partial nint rocksdb_options_create();
    [LibraryImport(Lib)] public static partial void rocksdb_options_destroy(nint options);
    [LibraryImport(Lib)] public static partial void rocksdb_options_set_create_if_missing(nint options, byte value);
    [LibraryImport(Lib)] public static partial void rocksdb_options_set_paranoid_checks(nint options, byte value);
    [LibraryImport(Lib)] public static partial void rocksdb_options_set_env(nint options, nint env);
    [LibraryImport(Lib)] public static partial nint rocksdb_create_mem_env();
    [LibraryImport(Lib)] public static partial void rocksdb_env_destroy(nint env);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint rocksdb_open(nint options, string name, byte** error);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint rocksdb_open_for_read_only(nint options, string name, byte errorIfWalFileExists, byte** error);
    [LibraryImport(Lib)] public static partial void rocksdb_close(nint db);
    [LibraryImport(Lib)] public static partial void rocksdb_verify_checksum(nint db, byte** error);

    [LibraryImport(Lib)] public static partial nint rocksdb_writeoptions_create();
    [LibraryImport(Lib)] public static partial void rocksdb_writeoptions_destroy(nint options);
    [LibraryImport(Lib)] public static partial void rocksdb_writeoptions_set_sync(nint options, byte value);

    [LibraryImport(Lib)] public static partial nint rocksdb_readoptions_create();
    [LibraryImport(Lib)] public static partial void rocksdb_readoptions_destroy(nint options);
    [LibraryImport(Lib)] public static partial void rocksdb_readoptions_set_snapshot(nint options, nint snapshot);

    [LibraryImport(Lib)] public static partial void rocksdb_put(nint db, nint options, byte* key, nuint keyLength, byte* value, nuint valueLength, byte** error);
    [LibraryImport(Lib)] public static partial nint rocksdb_get_pinned(nint db, nint options, byte* key, nuint keyLength, byte** error);
    [LibraryImport(Lib)] public static partial byte* rocksdb_pinnableslice_value(nint slice, nuint* length);
    [LibraryImport(Lib)] public static partial void rocksdb_pinnableslice_destroy(nint slice);
    [LibraryImport(Lib)] public static partial void rocksdb_write(nint db, nint options, nint batch, byte** error);

    [LibraryImport(Lib)] public static partial nint rocksdb_writebatch_create();
    [LibraryImport(Lib)] public static partial void rocksdb_writebatch_destroy(nint batch);
    [LibraryImport(Lib)] public static partial void rocksdb_writebatch_put(nint batch, byte* key, nuint keyLength, byte* value, nuint valueLength);
    [LibraryImport(Lib)] public static partial void rocksdb_writebatch_delete(nint batch, byte* key, nuint keyLength);
    [LibraryImport(Lib)] public static partial void rocksdb_writebatch_delete_range(nint batch, byte* start, nuint startLength, byte* end, nuint endLength);

    [LibraryImport(Lib)] public static partial nint rocksdb_create_snapshot(nint db);
    [LibraryImport(Lib)] public static partial void rocksdb_release_snapshot(nint db, nint snapshot);

    [LibraryImport(Lib)] public static partial nint rocksdb_create_iterator(nint db, nint options);
    [LibraryImport(Lib)] public static partial void rocksdb_iter_destroy(nint iterator);
    [LibraryImport(Lib)] public static partial byte rocksdb_iter_valid(nint iterator);
    [LibraryImport(Lib)] public static partial void rocksdb_iter_seek_to_last(nint iterator);
    [LibraryImport(Lib)] public static partial void rocksdb_iter_seek(nint iterator, byte* key, nuint keyLength);
    [LibraryImport(Lib)] public static partial void rocksdb_iter_seek_for_prev(nint iterator, byte* key, nuint keyLength);
    [LibraryImport(Lib)] public static partial void rocksdb_iter_next(nint iterator);
    [LibraryImport(Lib)] public static partial void rocksdb_iter_prev(nint iterator);
    [LibraryImport(Lib)] public static partial byte* rocksdb_iter_key(nint iterator, nuint* length);
    [LibraryImport(Lib)] public static partial byte* rocksdb_iter_value(nint iterator, nuint* length);
    [LibraryImport(Lib)] public static partial void rocksdb_iter_get_error(nint iterator, byte** error);
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Kappa.Core.Stores.Rocks;

namespace Kappa.Core.Stores;

/// <summary>
/// A persistent view store over RocksDB (the <c>RocksDB</c> package). Every write goes through
/// the write-ahead log, so an acknowledged batch survives a process kill; with
/// <see cref="RocksDbViewStoreOptions.SyncWrites"/> it is also fsync'd and survives power loss
/// (slower). Scans use a RocksDB snapshot. Every block read is checked against its checksum: a
/// damaged file is a typed <see cref="ViewStoreException.Corrupt"/> error, never a wrong value,
/// and the views over the store rebuild it from the feeds (see <see cref="Open(string, RocksDbViewStoreOptions)"/>).
/// Native handles are guarded: a call after dispose is a typed error, never a crash.
/// </summary>
public sealed partial class RocksDbViewStore : IViewStore, IRecoverableViewStore
{
    private const int PageSize = 256;
    private readonly string _directory;
    private readonly RocksDbViewStoreOptions _options;
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.SupportsRecursion);
    private readonly List<ViewStoreRepair> _repairs = [];
    private RocksDatabase? _db;
    private string? _damage;
    private long _generation;
    private bool _closed;
    private bool _reopenAfterDiskFull;

    private RocksDbViewStore(string directory, RocksDbViewStoreOptions options, RocksDatabase? db)
    {
        _directory = directory;
        _options = options;
        _db = db;
    }

    /// <summary>The database's directory.</summary>
    public string Location => _directory;

    /// <summary>Every time this store found its files damaged and started afresh, at open or later (also logged as warnings).</summary>
    public IReadOnlyList<ViewStoreRepair> Repairs
    {
        get { lock (_repairs) return [.. _repairs]; }
    }

    /// <summary>Raised once when a read or write finds the files damaged; every call then fails with <see cref="ViewStoreException.Corrupt"/> until the views rebuild the store.</summary>
    internal event Action? Damaged;

    /// <summary>How many times the store started afresh since it was opened (see <see cref="StoreGeneration"/>).</summary>
    internal long Generation => Interlocked.Read(ref _generation);

    RocksDbViewStore? IRecoverableViewStore.Root => this;

    private ILogger Logger => _options.Logger ?? NullLogger.Instance;

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) =>
        ValueTask.FromResult(Use<byte[]?>(db => db.Get(key.Span)));

    /// <inheritdoc />
    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default)
    {
        Use(db => { db.Put(key.Span, value.Span); return 0; });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) =>
        WriteAsync(new ViewStoreBatch().Delete(key.Span), ct);

    /// <inheritdoc />
    public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var generation = StoreGeneration.ExpectedBy(this);
        Use(db =>
        {
            if (generation is { } g && g != _generation)
                throw new ViewStoreException(ViewStoreException.Rebuilt, $"The view database {_directory} was started afresh after damage; the view reloads its progress.");
            using var native = new RocksWriteBatch();
            foreach (var (key, value) in batch.Operations)
            {
                if (value is null) native.Delete(key);
                else native.Put(key, value);
            }
            db.Write(native);
            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        range ??= new ScanRange();
        var (lower, upper) = range.Bounds();
        // Read the range in pages, each from the same snapshot, so no native iterator outlives a yield.
        var (source, snapshot) = Use(db => (db, db.CreateSnapshot()));
        try
        {
            var taken = 0;
            byte[]? resume = null;
            while (true)
            {
                var page = Use(db => ReferenceEquals(db, source)
                    ? ReadPage(db, snapshot, lower, upper, range.Reverse, resume, PageSize)
                    : throw new ViewStoreException(ViewStoreException.Rebuilt, $"The view database {_directory} was started afresh after damage during this scan."));
                foreach (var entry in page)
                {
                    if (range.Limit is { } limit && taken >= limit) yield break;
                    ct.ThrowIfCancellationRequested();
                    taken++;
                    yield return entry;
                }
                if (page.Count < PageSize) yield break;
                resume = page[^1].Key;
            }
        }
        finally { Release(source, snapshot); }
    }

    /// <summary>Releases a scan's snapshot, unless its database is already closed (releasing it then would touch freed memory).</summary>
    private void Release(RocksDatabase source, nint snapshot)
    {
        _lifetime.EnterReadLock();
        try
        {
            if (!_closed && ReferenceEquals(_db, source)) source.ReleaseSnapshot(snapshot);
        }
        finally { _lifetime.ExitReadLock(); }
    }

    private static List<KeyValuePair<byte[], byte[]>> ReadPage(RocksDatabase db, nint snapshot, byte[] lower, byte[]? upper, bool reverse, byte[]? after, int count)
    {
        var page = new List<KeyValuePair<byte[], byte[]>>(count);
        using var it = db.NewIterator(snapshot);
        if (!reverse)
        {
            it.Seek(after ?? lower);
            if (after is not null && it.Valid() && ByteOrder.Compare(it.KeySpan(), after) == 0) it.Next();
        }
        else if (after is not null)
        {
            it.SeekForPrev(after);
            if (it.Valid() && ByteOrder.Compare(it.KeySpan(), after) == 0) it.Prev();
        }
        else if (upper is not null)
        {
            it.SeekForPrev(upper);
            if (it.Valid() && ByteOrder.Compare(it.KeySpan(), upper) >= 0) it.Prev();
        }
        else it.SeekToLast();
        while (it.Valid() && page.Count < count)
        {
            var key = it.Key();
            if (reverse ? ByteOrder.Compare(key, lower) < 0 : upper is not null && ByteOrder.Compare(key, upper) >= 0) break;
            page.Add(new KeyValuePair<byte[], byte[]>(key, it.Value()));
            if (reverse) it.Prev();
            else it.Next();
        }
        // An iterator that meets a damaged block just stops being Valid(): without this check a
        // scan would end early, silently, as if the range held no more keys.
        it.ThrowIfError();
        return page;
    }

    /// <inheritdoc />
    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default)
    {
        var (lower, upper) = (range ?? new ScanRange()).Bounds();
        Use(db =>
        {
            using var native = new RocksWriteBatch();
            if (upper is not null) native.DeleteRange(lower, upper);
            else
            {
                // No finite upper bound: delete up to just past the largest key.
                using var it = db.NewIterator();
                it.SeekToLast();
                it.ThrowIfError();
                if (it.Valid())
                {
                    var end = it.Key().Append((byte)0).ToArray();
                    native.DeleteRange(lower, end);
                }
            }
            db.Write(native);
            return 0;
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => new PrefixedViewStore(this, prefix);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_closed) return ValueTask.CompletedTask;
            _closed = true;
            _db?.Dispose();
            _db = null;
        }
        finally { _lifetime.ExitWriteLock(); }
        return ValueTask.CompletedTask;
    }
}

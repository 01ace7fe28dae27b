using System.Runtime.CompilerServices;
using Kappa.Core.Stores.Rocks;

namespace Kappa.Core.Stores;

/// <summary>
/// A persistent view store over RocksDB (the <c>RocksDB</c> package). Every write goes through
/// the write-ahead log, so an acknowledged batch survives a process kill; with
/// <c>syncWrites</c> it is also fsync'd and survives power loss (slower). Scans use
/// a RocksDB snapshot. Native handles are guarded: a call after dispose is a typed error, never a crash.
/// </summary>
public sealed class RocksDbViewStore : IViewStore
{
    private readonly RocksDatabase _db;
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.SupportsRecursion);
    private bool _closed;

    private RocksDbViewStore(RocksDatabase db) => _db = db;

    /// <summary>Opens (or creates) the database in <paramref name="directory"/>.</summary>
    /// <exception cref="ViewStoreException">Another process has it open, or it cannot be opened.</exception>
    public static RocksDbViewStore Open(string directory, bool syncWrites = false)
    {
        Directory.CreateDirectory(directory);
        try { return new RocksDbViewStore(RocksDatabase.Open(directory, readOnly: false, syncWrites)); }
        catch (RocksException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            throw new ViewStoreException(ViewStoreException.Locked, $"The view database {directory} is open in another process.", e);
        }
        catch (RocksException e)
        {
            throw new ViewStoreException(ViewStoreException.Io, $"Could not open the view database {directory}: {e.Message}", e);
        }
    }

    /// <summary>Opens an existing database for reading only (works while another process writes it); writes then fail.</summary>
    /// <exception cref="ViewStoreException">It does not exist or cannot be opened.</exception>
    public static RocksDbViewStore OpenReadOnly(string directory)
    {
        try { return new RocksDbViewStore(RocksDatabase.Open(directory, readOnly: true, syncWrites: false)); }
        catch (RocksException e)
        {
            throw new ViewStoreException(ViewStoreException.Io, $"Could not open the view database {directory}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) =>
        ValueTask.FromResult(Use<byte[]?>(() => _db.Get(key.Span)));

    /// <inheritdoc />
    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default)
    {
        Use(() => { _db.Put(key.Span, value.Span); return 0; });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) =>
        WriteAsync(new ViewStoreBatch().Delete(key.Span), ct);

    /// <inheritdoc />
    public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Use(() =>
        {
            using var native = new RocksWriteBatch();
            foreach (var (key, value) in batch.Operations)
            {
                if (value is null) native.Delete(key);
                else native.Put(key, value);
            }
            _db.Write(native);
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
        var snapshot = Use(() => _db.CreateSnapshot());
        try
        {
            var taken = 0;
            byte[]? resume = null;
            while (true)
            {
                var page = Use(() => ReadPage(snapshot, lower, upper, range.Reverse, resume, 256));
                foreach (var entry in page)
                {
                    if (range.Limit is { } limit && taken >= limit) yield break;
                    ct.ThrowIfCancellationRequested();
                    taken++;
                    yield return entry;
                }
                if (page.Count < 256) yield break;
                resume = page[^1].Key;
            }
        }
        finally
        {
            Use(() => { _db.ReleaseSnapshot(snapshot); return 0; });
        }
    }

    private List<KeyValuePair<byte[], byte[]>> ReadPage(nint snapshot, byte[] lower, byte[]? upper, bool reverse, byte[]? after, int count)
    {
        var page = new List<KeyValuePair<byte[], byte[]>>(count);
        using var it = _db.NewIterator(snapshot);
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
        return page;
    }

    /// <inheritdoc />
    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default)
    {
        var (lower, upper) = (range ?? new ScanRange()).Bounds();
        Use(() =>
        {
            using var native = new RocksWriteBatch();
            if (upper is not null) native.DeleteRange(lower, upper);
            else
            {
                // No finite upper bound: delete up to just past the largest key.
                using var it = _db.NewIterator();
                it.SeekToLast();
                if (it.Valid())
                {
                    var end = it.Key().Append((byte)0).ToArray();
                    native.DeleteRange(lower, end);
                }
            }
            _db.Write(native);
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
            _db.Dispose();
        }
        finally { _lifetime.ExitWriteLock(); }
        return ValueTask.CompletedTask;
    }

    private T Use<T>(Func<T> action)
    {
        _lifetime.EnterReadLock();
        try
        {
            if (_closed) throw new ViewStoreException(ViewStoreException.Closed, "The view store is closed.");
            return action();
        }
        catch (RocksException e) { throw new ViewStoreException(ViewStoreException.Io, "RocksDB: " + e.Message, e); }
        finally { _lifetime.ExitReadLock(); }
    }
}

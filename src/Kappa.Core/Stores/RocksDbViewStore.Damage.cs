using Kappa.Core.Stores.Rocks;

namespace Kappa.Core.Stores;

public sealed partial class RocksDbViewStore
{
    /// <summary>
    /// Starts afresh after damage found by a read or a write: closes the damaged database, moves
    /// it aside and opens an empty one; the generation moves on, so no view commits a batch mapped
    /// over the old files. Nothing when the store is not damaged.
    /// </summary>
    internal ValueTask RebuildIfDamagedAsync()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_closed) throw new ViewStoreException(ViewStoreException.Closed, "The view store is closed.");
            if (_damage is not { } reason) return ValueTask.CompletedTask;
            _db?.Dispose();
            _db = null;
            StartAfresh(reason);
            _damage = null;
            Interlocked.Increment(ref _generation);
        }
        finally { _lifetime.ExitWriteLock(); }
        return ValueTask.CompletedTask;
    }

    private T Use<T>(Func<RocksDatabase, T> action)
    {
        string? found = null;
        if (Volatile.Read(ref _reopenAfterDiskFull)) ReopenAfterDiskFull();
        _lifetime.EnterReadLock();
        try
        {
            if (_closed) throw new ViewStoreException(ViewStoreException.Closed, "The view store is closed.");
            if (_damage is not null || _db is null)
                throw new ViewStoreException(ViewStoreException.Corrupt, $"The view database {_directory} is damaged ({_damage ?? "it could not be reopened"}); its views rebuild it from the feeds.");
            return action(_db);
        }
        catch (RocksException e) when (RocksDbDamage.IsDamage(e))
        {
            found = e.Message;
            throw new ViewStoreException(ViewStoreException.Corrupt, $"The view database {_directory} is damaged: {e.Message}", e);
        }
        catch (RocksException e) when (RocksDbDamage.IsDiskFull(e))
        {
            // RocksDB keeps refusing every write after ENOSPC until the database is reopened
            // (measured: still refused after space was freed); the next call reopens it.
            Volatile.Write(ref _reopenAfterDiskFull, true);
            throw new ViewStoreException(ViewStoreException.DiskFull, $"Disk full while writing the view database {_directory}; nothing of this write was applied", e);
        }
        catch (RocksException e) { throw new ViewStoreException(ViewStoreException.Io, "RocksDB: " + e.Message, e); }
        finally
        {
            _lifetime.ExitReadLock();
            if (found is not null) MarkDamaged(found);
        }
    }

    /// <summary>Closes and reopens the database after a full disk (the write-ahead log keeps every committed batch); when it still cannot open, the call fails as disk full and the next one tries again.</summary>
    private void ReopenAfterDiskFull()
    {
        string? damaged = null;
        _lifetime.EnterWriteLock();
        try
        {
            if (_closed || !_reopenAfterDiskFull) return;
            _db?.Dispose();
            _db = null;
            try { _db = OpenDb(_directory, _options.SyncWrites); }
            catch (RocksException e) when (RocksDbDamage.IsDiskFull(e))
            {
                throw new ViewStoreException(ViewStoreException.DiskFull, $"Disk full while reopening the view database {_directory}", e);
            }
            catch (RocksException e) when (RocksDbDamage.IsDamage(e))
            {
                _reopenAfterDiskFull = false;
                damaged = e.Message;
                throw new ViewStoreException(ViewStoreException.Corrupt, $"The view database {_directory} is damaged: {e.Message}", e);
            }
            catch (RocksException e) { throw OpenFailed(_directory, e); }
            _reopenAfterDiskFull = false;
        }
        finally
        {
            _lifetime.ExitWriteLock();
            if (damaged is not null) MarkDamaged(damaged);
        }
    }

    /// <summary>From now on every call fails typed (a damaged database serves nothing); the first finder logs and tells the views.</summary>
    private void MarkDamaged(string reason)
    {
        if (Interlocked.CompareExchange(ref _damage, reason, null) is not null) return;
        LogDamage(Logger, _directory, reason);
        Damaged?.Invoke();
    }
}

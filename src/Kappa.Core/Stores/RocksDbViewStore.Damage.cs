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
        catch (RocksException e) { throw new ViewStoreException(ViewStoreException.Io, "RocksDB: " + e.Message, e); }
        finally
        {
            _lifetime.ExitReadLock();
            if (found is not null) MarkDamaged(found);
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

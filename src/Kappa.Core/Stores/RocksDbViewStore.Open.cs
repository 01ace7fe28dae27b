using Microsoft.Extensions.Logging;
using Kappa.Core.Stores.Rocks;

namespace Kappa.Core.Stores;

public sealed partial class RocksDbViewStore
{
    /// <summary>Opens (or creates) the database in <paramref name="directory"/>.</summary>
    /// <exception cref="ViewStoreException">Another process has it open, or it cannot be opened.</exception>
    public static RocksDbViewStore Open(string directory, bool syncWrites = false) =>
        Open(directory, RocksDbViewStoreOptions.Default with { SyncWrites = syncWrites });

    /// <summary>
    /// Opens (or creates) the database in <paramref name="directory"/>. A database whose files are
    /// damaged (a checksum mismatch, a truncated or missing SST, a garbled or missing MANIFEST or
    /// CURRENT) is moved aside to <c>DIR.damaged</c> and started afresh: its views find no
    /// progress and rebuild from the feeds. The repair is logged and listed in <see cref="Repairs"/>.
    /// </summary>
    /// <exception cref="ViewStoreException">Another process has it open, or it cannot be opened for another reason (permissions, a full disk).</exception>
    public static RocksDbViewStore Open(string directory, RocksDbViewStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ViewStoreException(ViewStoreException.Io, $"Could not create the view database {directory}: {e.Message}", e);
        }
        var damage = RocksDbDamage.MissingCurrent(directory);
        RocksDatabase? db = null;
        if (damage is null)
        {
            try
            {
                db = OpenDb(directory, options.SyncWrites);
                if (options.VerifyOnOpen) RocksDbDamage.VerifyChecksums(db);
            }
            catch (RocksException e) when (RocksDbDamage.IsDamage(e))
            {
                db?.Dispose();
                db = null;
                damage = e.Message;
            }
            catch (RocksException e)
            {
                db?.Dispose();
                throw OpenFailed(directory, e);
            }
        }
        var store = new RocksDbViewStore(directory, options, db);
        if (damage is not null)
        {
            LogDamage(store.Logger, directory, damage);
            store.StartAfresh(damage);
        }
        return store;
    }

    /// <summary>
    /// Does now what the first <see cref="Open(string, bool)"/> of a process otherwise does before
    /// it reaches the disk: loads RocksDB's native library and runs its open path once on an
    /// in-memory database (measured on 2 cores: a first Open of a small database took about 30 ms,
    /// 15 ms after this). A program can call it on another thread while it opens its store, so that
    /// its view database then opens sooner. Creates and touches no file.
    /// </summary>
    public static void Preload() => RocksDatabase.Preload();

    /// <summary>Opens an existing database for reading only (works while another process writes it); writes then fail. Damage is reported, never repaired.</summary>
    /// <exception cref="ViewStoreException">It does not exist or cannot be opened; <see cref="ViewStoreException.Corrupt"/> when its files are damaged.</exception>
    public static RocksDbViewStore OpenReadOnly(string directory, bool verify = false)
    {
        directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (Directory.Exists(directory) && RocksDbDamage.MissingCurrent(directory) is { } missing)
            throw new ViewStoreException(ViewStoreException.Corrupt, $"The view database {directory} is damaged: {missing}");
        RocksDatabase? db = null;
        try
        {
            db = RocksDatabase.Open(directory, readOnly: true, syncWrites: false);
            if (verify) RocksDbDamage.VerifyChecksums(db);
            return new RocksDbViewStore(directory, RocksDbViewStoreOptions.Default, db);
        }
        catch (RocksException e)
        {
            db?.Dispose();
            throw RocksDbDamage.IsDamage(e) && Directory.Exists(directory)
                ? new ViewStoreException(ViewStoreException.Corrupt, $"The view database {directory} is damaged: {e.Message}", e)
                : new ViewStoreException(ViewStoreException.Io, $"Could not open the view database {directory}: {e.Message}", e);
        }
    }

    /// <summary>The last repair of the database in <paramref name="directory"/>, read from the record kept beside its damaged files; null when it was never repaired.</summary>
    public static ViewStoreRepair? LastRepair(string directory)
    {
        directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var aside = directory + DamagedSuffix;
        var record = Path.Combine(aside, ViewStoreRepair.RecordFile);
        if (!File.Exists(record)) return null;
        var lines = File.ReadAllLines(record);
        var at = lines.Length > 0 && DateTimeOffset.TryParse(lines[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : File.GetLastWriteTimeUtc(record);
        return new ViewStoreRepair(directory, aside, lines.Length > 1 ? string.Join(" ", lines.Skip(1)) : "unknown", at);
    }

    /// <summary>The suffix of the directory a damaged database is moved to.</summary>
    public const string DamagedSuffix = ".damaged";

    private static RocksDatabase OpenDb(string directory, bool syncWrites) =>
        // Paranoid checks (RocksDB's default, pinned by RocksDatabase): a mismatch found at open or by a background job is an error, never skipped.
        RocksDatabase.Open(directory, readOnly: false, syncWrites);

    private static ViewStoreException OpenFailed(string directory, RocksException e) =>
        e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase)
            ? new ViewStoreException(ViewStoreException.Locked, $"The view database {directory} is open in another process.", e)
            : new ViewStoreException(ViewStoreException.Io, $"Could not open the view database {directory}: {e.Message}", e);

    /// <summary>Moves the damaged files aside (only the last damaged copy is kept), opens an empty database and records the repair. Call with no database open.</summary>
    private void StartAfresh(string reason)
    {
        var at = DateTimeOffset.UtcNow;
        var aside = _directory + DamagedSuffix;
        string? movedTo = aside;
        try
        {
            if (Directory.Exists(aside)) Directory.Delete(aside, recursive: true);
            Directory.Move(_directory, aside);
            File.WriteAllLines(Path.Combine(aside, ViewStoreRepair.RecordFile), [at.ToString("o", System.Globalization.CultureInfo.InvariantCulture), reason]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keeping the evidence is a courtesy; starting afresh is not: delete what cannot be moved.
            movedTo = null;
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
        Directory.CreateDirectory(_directory);
        try { _db = OpenDb(_directory, _options.SyncWrites); }
        catch (RocksException e) { throw OpenFailed(_directory, e); }
        var repair = new ViewStoreRepair(_directory, movedTo, reason, at);
        lock (_repairs) _repairs.Add(repair);
        LogRepaired(Logger, _directory, movedTo ?? "(deleted)");
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "The view database {Directory} is damaged: {Reason}")]
    private static partial void LogDamage(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "The view database {Directory} was started afresh (damaged files: {MovedTo}); its views rebuild from the feeds")]
    private static partial void LogRepaired(ILogger logger, string directory, string movedTo);
}

using Kappa.Core.Stores.Rocks;

namespace Kappa.Core.Stores;

/// <summary>
/// Tells damage to a RocksDB database's files apart from other failures (a lock held, a
/// permission refused, a full disk), which must never cost the view its data.
/// </summary>
internal static class RocksDbDamage
{
    /// <summary>
    /// RocksDB 11 reports a checksum mismatch, a truncated SST ("Sst file size mismatch"), a garbled
    /// MANIFEST or an SST the MANIFEST names but that is gone with a <c>Corruption:</c> status; a
    /// MANIFEST that CURRENT names but that is gone is an <c>IO error: No such file or directory</c>
    /// (messages measured with the RocksDB package on damaged copies; see ViewStoreDamageTests).
    /// </summary>
    public static bool IsDamage(RocksException e) =>
        e.Message.StartsWith("Corruption", StringComparison.Ordinal)
        || e.Message.Contains("No such file or directory", StringComparison.Ordinal);

    /// <summary>ENOSPC or EDQUOT, as RocksDB words them ("IO error: No space left on device: While appending to file …").</summary>
    public static bool IsDiskFull(RocksException e) =>
        e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("quota exceeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A database whose CURRENT file is gone while its other files remain: RocksDB (with
    /// create_if_missing) would silently start a new empty database over them, so it is named
    /// as damage here. Returns the reason, or null.
    /// </summary>
    public static string? MissingCurrent(string directory)
    {
        if (File.Exists(Path.Combine(directory, "CURRENT"))) return null;
        var leftovers = Directory.EnumerateFiles(directory, "MANIFEST-*")
            .Concat(Directory.EnumerateFiles(directory, "*.sst"))
            .Concat(Directory.EnumerateFiles(directory, "*.log"))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Take(3)
            .ToList();
        return leftovers.Count == 0 ? null : $"CURRENT is missing but the database's files are there ({string.Join(", ", leftovers)}, …)";
    }

    /// <summary>Reads every block of every SST file and checks its checksum (RocksDB's VerifyChecksum).</summary>
    /// <exception cref="RocksException">A block does not match its checksum, or a file is unreadable.</exception>
    public static void VerifyChecksums(RocksDatabase db) => db.VerifyChecksums();
}

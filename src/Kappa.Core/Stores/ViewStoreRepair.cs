namespace Kappa.Core.Stores;

/// <summary>
/// A view store found damaged (a checksum mismatch, a missing or truncated file) and started
/// afresh; the views in it are rebuilt from the feeds.
/// </summary>
/// <param name="Directory">The database's directory.</param>
/// <param name="MovedTo">Where the damaged files were kept for inspection (<c>DIR.damaged</c>, the last one only), or null when they were deleted.</param>
/// <param name="Reason">What RocksDB (or the check before it) reported.</param>
/// <param name="At">When the store was started afresh.</param>
public sealed record ViewStoreRepair(string Directory, string? MovedTo, string Reason, DateTimeOffset At)
{
    /// <summary>The record kept beside the damaged files (<c>DIR.damaged/REPAIR</c>), so tools such as <c>kappa info</c> can show it later.</summary>
    internal const string RecordFile = "REPAIR";

    /// <summary>For people: what was found and where the damaged files are.</summary>
    public override string ToString() =>
        $"{At:u}: damaged ({Reason}); started afresh and rebuilt from the feeds{(MovedTo is null ? "" : $", damaged files kept in {MovedTo}")}";
}

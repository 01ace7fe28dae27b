namespace Kappa.Core.Indexing;

/// <summary>
/// Defaults around view state that the JS reference fixes implicitly (indexing.md §1, §4, §5;
/// checked against <c>indexing.json</c>). Kept beside the state codec so the indexer and the
/// golden tests share one source.
/// </summary>
public static class IndexStateDefaults
{
    /// <summary>The version a view has when none is given, and what a stored state without a version field reads as.</summary>
    public const uint Version = 1;

    /// <summary>kappa-core 6 passes <c>maxBatch: view.maxBatch || 10</c> to multifeed-index.</summary>
    public const int KappaCoreMaxBatch = 10;

    /// <summary>kappa-view 3.1 always uses 100 (its code is <c>100 || opts.maxBatch</c>).</summary>
    public const int KappaViewMaxBatch = 100;

    /// <summary>
    /// End (exclusive) of the next batch of one feed: <c>min(feedLength, at + maxBatch)</c>
    /// (multifeed-index 3.4.2 <c>_run</c>). Returns <paramref name="at"/> when there is nothing to do.
    /// </summary>
    public static long BatchEnd(long at, long feedLength, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(at);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        return Math.Max(at, Math.Min(feedLength, at + maxBatch));
    }
}

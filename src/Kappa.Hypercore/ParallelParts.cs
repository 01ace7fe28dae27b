namespace Kappa.Hypercore;

/// <summary>
/// Splits n independent items (block hashes) into one contiguous part per core, up to four,
/// and runs the parts at once. Used where BLAKE2b of many blocks is most of the work: verifying
/// a read chunk and hashing the leaves of a large append.
/// </summary>
internal static class ParallelParts
{
    /// <summary>How many parts a split uses here; below 2 splitting is pointless.</summary>
    public static int Count { get; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>Runs <paramref name="range"/>(from, to) over [0, n) in <see cref="Count"/> parts, or in one when there is one core.</summary>
    public static void Run(int n, Action<int, int> range)
    {
        var parts = Count;
        if (parts < 2) { range(0, n); return; }
        Parallel.For(0, parts, p => range(n * p / parts, n * (p + 1) / parts));
    }
}

namespace Kappa.TestSupport.Faults;

/// <summary>Which storage operation a fault hits.</summary>
public enum FaultOperation
{
    /// <summary>Reads.</summary>
    Read,

    /// <summary>Writes and truncations.</summary>
    Write,

    /// <summary>Flushes (fsync).</summary>
    Flush,
}

/// <summary>How a fault behaves once it fires.</summary>
public enum FaultMode
{
    /// <summary>Only the Nth operation fails; later ones succeed (a glitch).</summary>
    Transient,

    /// <summary>The Nth operation and every later one of that kind fail (a dead disk).</summary>
    Permanent,

    /// <summary>The Nth and later writes fail with ENOSPC (the disk is full), reads still work.</summary>
    DiskFull,
}

/// <summary>
/// Counts operations of one kind across every file of a store and fails the Nth one. Thread-safe.
/// The test walks N = 1, 2, … until a run completes without the fault firing.
/// </summary>
public sealed class FaultPlan(FaultOperation operation, long failAt, FaultMode mode)
{
    private long _count;

    /// <summary>The kind of operation this plan counts.</summary>
    public FaultOperation Operation { get; } = operation;

    /// <summary>Whether the fault has fired.</summary>
    public bool Fired { get; private set; }

    /// <summary>How many operations of the kind were seen.</summary>
    public long Seen => Interlocked.Read(ref _count);

    /// <summary>Stops counting and failing (e.g. to let a test inspect the store).</summary>
    public bool Disarmed { get; set; }

    /// <summary>Only count operations on files with this name (e.g. "bitfield"); null counts every file.</summary>
    public string? OnlyFile { get; init; }

    /// <summary>Throws the planned fault if this operation is the one (or, for permanent faults, any later one).</summary>
    public void Check(FaultOperation op, string path)
    {
        if (op != Operation || Disarmed) return;
        if (OnlyFile is not null && path != OnlyFile && !path.EndsWith("/" + OnlyFile, StringComparison.Ordinal)) return;
        var n = Interlocked.Increment(ref _count);
        var hit = mode == FaultMode.Transient ? n == failAt : n >= failAt;
        if (!hit) return;
        Fired = true;
        if (mode == FaultMode.DiskFull)
            throw new IOException($"No space left on device : '{path}'", 28); // errno ENOSPC
        throw new IOException($"Input/output error (injected fault #{n} on {op}) : '{path}'");
    }
}

using Kappa.Hypercore.Storage;
using Kappa.Multifeed.Store;

namespace Kappa.TestSupport.Faults;

/// <summary>A file whose reads, writes and flushes fail as the plan says (the inner file is untouched by a failed call).</summary>
public sealed class FaultInjectingFile(IRandomAccessStorage inner, FaultPlan plan, string name) : IRandomAccessStorage
{
    /// <inheritdoc />
    public int Read(long offset, Span<byte> buffer)
    {
        Fault(FaultOperation.Read);
        return inner.Read(offset, buffer);
    }

    /// <inheritdoc />
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Fault(FaultOperation.Write);
        inner.Write(offset, data);
    }

    /// <inheritdoc />
    public long Length => inner.Length;

    /// <inheritdoc />
    public void Truncate(long length)
    {
        Fault(FaultOperation.Write);
        inner.Truncate(length);
    }

    /// <inheritdoc />
    public void Flush()
    {
        Fault(FaultOperation.Flush);
        inner.Flush();
    }

    /// <inheritdoc />
    public bool Exists => inner.Exists;

    /// <inheritdoc />
    public void Delete() => inner.Delete();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Fault(FaultOperation op)
    {
        try { plan.Check(op, name); }
        catch (IOException e) { throw StorageExceptionFrom(e); }
    }

    // What FileStorage does with an IOException: a typed StorageException (disk full or I/O).
    private StorageException StorageExceptionFrom(IOException e) => StorageException.From(e, name, "access");
}

/// <summary>The files of one feed directory, each behind the plan.</summary>
public sealed class FaultInjectingProvider(IStorageProvider inner, FaultPlan plan, string prefix = "") : IStorageProvider
{
    /// <inheritdoc />
    public IRandomAccessStorage Open(string name) => new FaultInjectingFile(inner.Open(name), plan, prefix + name);
}

/// <summary>A whole store behind one plan (operations are counted across all its feeds).</summary>
public sealed class FaultInjectingStoreStorage(IStoreStorage inner, FaultPlan plan) : IStoreStorage
{
    /// <inheritdoc />
    public IStorageProvider Feed(string name) => new FaultInjectingProvider(inner.Feed(name), plan, name + "/");

    /// <inheritdoc />
    public string? Directory => null;
}

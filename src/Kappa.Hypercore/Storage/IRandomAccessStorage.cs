namespace Kappa.Hypercore.Storage;

/// <summary>
/// One random-access file of a feed (like JS random-access-storage): positional reads and
/// writes, truncate, size, flush and close. Implementations must be safe for concurrent calls
/// at different offsets; a feed serialises its own writes. Reads past the end return fewer
/// bytes (the count says how many), never throw for that reason.
/// </summary>
public interface IRandomAccessStorage : IAsyncDisposable
{
    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns how many were read (0 at or past the end).</summary>
    int Read(long offset, Span<byte> buffer);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/>, growing the file (zero-filled) if needed. Completed means visible to every later read and surviving a process kill; not power loss until <see cref="Flush"/>.</summary>
    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Current size in bytes (0 for a file never written).</summary>
    long Length { get; }

    /// <summary>Cuts (or zero-extends) the file to <paramref name="length"/> bytes.</summary>
    void Truncate(long length);

    /// <summary>Forces written bytes to durable media (fsync). Cheap when nothing was written since the last flush.</summary>
    void Flush();

    /// <summary>Whether the file exists (a feed file is created lazily, on first write).</summary>
    bool Exists { get; }

    /// <summary>Removes the file.</summary>
    void Delete();
}

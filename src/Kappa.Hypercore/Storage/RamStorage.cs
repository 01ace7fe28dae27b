namespace Kappa.Hypercore.Storage;

/// <summary>
/// An in-memory file (like JS random-access-memory): for tests and throwaway stores. Thread-safe.
/// The backing buffer survives <see cref="DisposeAsync"/> so a <see cref="RamStorageProvider"/>
/// can reopen it, as a directory would.
/// </summary>
public sealed class RamStorage : IRandomAccessStorage
{
    private readonly Lock _gate = new();
    private byte[] _buffer = [];
    private long _length;
    private bool _exists;

    /// <summary>Creates an empty, not-yet-existing file called <paramref name="name"/>.</summary>
    public RamStorage(string name = "ram") => Name = name;

    /// <summary>Name used in error messages.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public bool Exists { get { lock (_gate) return _exists; } }

    /// <inheritdoc />
    public long Length { get { lock (_gate) return _length; } }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> buffer)
    {
        lock (_gate)
        {
            if (offset >= _length) return 0;
            var n = (int)Math.Min(buffer.Length, _length - offset);
            _buffer.AsSpan((int)offset, n).CopyTo(buffer);
            return n;
        }
    }

    /// <inheritdoc />
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            var end = offset + data.Length;
            EnsureCapacity(end);
            data.CopyTo(_buffer.AsSpan((int)offset));
            if (end > _length) _length = end;
            _exists = true;
        }
    }

    /// <inheritdoc />
    public void Truncate(long length)
    {
        lock (_gate)
        {
            EnsureCapacity(length);
            if (length < _length) _buffer.AsSpan((int)length, (int)(_length - length)).Clear();
            _length = length;
            _exists = true;
        }
    }

    /// <inheritdoc />
    public void Flush() { }

    /// <inheritdoc />
    public void Delete()
    {
        lock (_gate) { _buffer = []; _length = 0; _exists = false; }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void EnsureCapacity(long size)
    {
        if (size > Array.MaxLength) throw new StorageException(StorageException.DiskFullCode, Name, "RAM storage is limited to 2 GiB per file");
        if (size <= _buffer.Length) return;
        var grown = new byte[Math.Min(Array.MaxLength, Math.Max(size, Math.Max(4096, (long)_buffer.Length * 2)))];
        _buffer.AsSpan(0, (int)_length).CopyTo(grown);
        _buffer = grown;
    }
}

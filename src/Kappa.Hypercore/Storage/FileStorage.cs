using Microsoft.Win32.SafeHandles;

namespace Kappa.Hypercore.Storage;

/// <summary>
/// A real file accessed with positional I/O (<see cref="RandomAccess"/>: pread/pwrite), like JS
/// random-access-file. The file and its directory are created on the first write, so an empty
/// writer leaves no <c>data</c> file (as hypercore 8). Positional I/O is synchronous on Linux,
/// so the methods are too: a call costs one system call, no thread hop.
/// </summary>
public sealed class FileStorage : IRandomAccessStorage
{
    private readonly Lock _gate = new();
    private SafeFileHandle? _handle;
    private bool _writable;
    private bool _dirty;
    // Directories whose entries changed when this file (and its missing parents) were created:
    // synced on the next Flush, so a flushed file cannot vanish with its name in a power cut.
    private List<string>? _newEntries;

    /// <summary>Directories whose new entries the next flush must fsync (null: none pending); for tests.</summary>
    internal IReadOnlyList<string>? PendingDirectorySyncs => _newEntries;
    private bool _disposed;

    /// <summary>Storage for the file at <paramref name="path"/> (not opened until used).</summary>
    public FileStorage(string path) => Path = path;

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public bool Exists => _handle is not null || File.Exists(Path);

    /// <inheritdoc />
    public long Length
    {
        get
        {
            var h = Handle(write: false);
            return h is null ? 0 : Guard(() => RandomAccess.GetLength(h), "read the size of");
        }
    }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> buffer)
    {
        var h = Handle(write: false);
        if (h is null) return 0;
        var total = 0;
        try
        {
            while (total < buffer.Length)
            {
                var n = RandomAccess.Read(h, buffer[total..], offset + total);
                if (n == 0) break;
                total += n;
            }
        }
        catch (IOException e) { throw StorageException.From(e, Path, "read"); }
        return total;
    }

    /// <inheritdoc />
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        var h = Handle(write: true)!;
        try { RandomAccess.Write(h, data, offset); }
        catch (IOException e) { throw StorageException.From(e, Path, "write"); }
        _dirty = true;
    }

    /// <inheritdoc />
    public void Truncate(long length)
    {
        var h = Handle(write: true)!;
        Guard(() => { RandomAccess.SetLength(h, length); return 0; }, "truncate");
        _dirty = true;
    }

    /// <inheritdoc />
    public void Flush()
    {
        if (!_dirty || _handle is null) return;
        _dirty = false;
        Guard(() => { RandomAccess.FlushToDisk(_handle); return 0; }, "flush");
        if (_newEntries is { } entries)
        {
            // Innermost first: the file's name, then each directory created for it, in its own parent.
            foreach (var dir in entries) DirectorySync.Flush(dir);
            _newEntries = null;
        }
    }

    /// <inheritdoc />
    public void Delete()
    {
        lock (_gate)
        {
            _handle?.Dispose();
            _handle = null;
            File.Delete(Path);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            _handle?.Dispose();
            _handle = null;
        }
        return ValueTask.CompletedTask;
    }

    private SafeFileHandle? Handle(bool write)
    {
        var h = _handle;
        if (h is not null && (_writable || !write)) return h;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_handle is not null && (_writable || !write)) return _handle;
            try
            {
                if (write)
                {
                    RecordNewEntries();
                    var rw = File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                    _handle?.Dispose();
                    _handle = rw;
                    _writable = true;
                }
                else if (File.Exists(Path))
                {
                    // Read-write when possible so a later write needs no reopen; read-only media still reads.
                    try
                    {
                        _handle = File.OpenHandle(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                        _writable = true;
                    }
                    catch (UnauthorizedAccessException)
                    {
                        _handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    }
                }
                return _handle;
            }
            catch (IOException e) { throw StorageException.From(e, Path, write ? "open for writing" : "open"); }
            catch (UnauthorizedAccessException e) { throw new StorageException(StorageException.IoCode, Path, "Permission denied", e); }
        }
    }

    /// <summary>Before creating the file: notes each directory that will get a new entry (the file's, and those of directories created for it).</summary>
    private void RecordNewEntries()
    {
        if (File.Exists(Path)) return;
        var entries = new List<string>();
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        entries.Add(dir);
        for (var d = dir; !Directory.Exists(d) && System.IO.Path.GetDirectoryName(d) is { } parent; d = parent) entries.Add(parent);
        Directory.CreateDirectory(dir);
        _newEntries = entries;
    }

    private T Guard<T>(Func<T> action, string operation)
    {
        try { return action(); }
        catch (IOException e) { throw StorageException.From(e, Path, operation); }
    }
}

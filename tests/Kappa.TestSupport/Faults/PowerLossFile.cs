using Kappa.Hypercore.Storage;

namespace Kappa.TestSupport.Faults;

/// <summary>One file of a <see cref="PowerLossStore"/>: a durable image plus the writes not yet flushed.</summary>
internal sealed class PowerLossFile(string name, PowerLossStore store) : IRandomAccessStorage
{
    private readonly RamStorage _current = new(name);
    private byte[] _durable = [];
    private bool _durableExists;
    // Whether the file's name is durable in its directory: FileStorage syncs the parent directory
    // on the first Flush after creating a file, so a flush makes it so.
    private bool _entryDurable;
    private readonly List<(long Offset, byte[] Data)> _volatile = [];
    private readonly Lock _gate = new();

    public string Name { get; } = name;

    public int VolatileCount
    {
        get { lock (_gate) return _volatile.Count; }
    }

    public int Read(long offset, Span<byte> buffer)
    {
        lock (_gate) return _current.Read(offset, buffer);
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        store.BeforeWrite(Name);
        lock (_gate)
        {
            _current.Write(offset, data);
            _volatile.Add((offset, data.ToArray()));
        }
    }

    public long Length
    {
        get { lock (_gate) return _current.Length; }
    }

    public void Truncate(long length)
    {
        lock (_gate)
        {
            Flush(); // keep the model simple: a truncate is a durable metadata change
            _current.Truncate(length);
            _durable = Snapshot();
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            _volatile.Clear();
            _durable = Snapshot();
            _durableExists = _current.Exists;
            _entryDurable |= _durableExists;
        }
    }

    public bool Exists
    {
        get { lock (_gate) return _current.Exists; }
    }

    public void Delete()
    {
        lock (_gate)
        {
            _current.Delete();
            _volatile.Clear();
            _durable = [];
            _durableExists = false;
            _entryDurable = false;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Power loss: rebuild the current bytes from the durable image plus a random, torn, reordered subset of the volatile writes.</summary>
    public void Crash(Random random)
    {
        lock (_gate)
        {
            _current.Delete();
            if (!_entryDurable && random.Next(2) == 0)
            {
                // A new file whose directory entry was never synced: the kernel may not have
                // written the directory back either, and the file vanishes with all its writes.
                _volatile.Clear();
                _durable = [];
                _durableExists = false;
                return;
            }
            if (_durableExists || _durable.Length > 0) _current.Write(0, _durable);
            foreach (var (offset, data) in _volatile.OrderBy(_ => random.Next()))
            {
                switch (random.Next(3))
                {
                    case 0: break; // lost
                    case 1: _current.Write(offset, data); break; // made it
                    default: _current.Write(offset, data.AsSpan(0, random.Next(data.Length + 1))); break; // torn
                }
            }
            _volatile.Clear();
            _durable = Snapshot();
            _durableExists = _current.Exists;
        }
    }

    private byte[] Snapshot()
    {
        var bytes = new byte[_current.Length];
        _current.Read(0, bytes);
        return bytes;
    }
}

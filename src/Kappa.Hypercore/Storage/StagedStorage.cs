using System.Buffers;

namespace Kappa.Hypercore.Storage;

/// <summary>
/// A feed file that can hold back writes of downloaded blocks and tree nodes until their commit,
/// so a burst of verified blocks costs one positional write per file instead of one per block
/// and node (hypercore 10 batches its storage writes the same way). Staged bytes are merged
/// with their neighbours into contiguous runs. Everything else passes through: a plain write,
/// a read that touches a staged range, a truncate, a flush or a close first writes what is
/// staged, so readers never see a file without bytes a write promised. Staged bytes are not
/// "written" in the <see cref="IRandomAccessStorage.Write"/> sense until
/// <see cref="WriteStaged"/>: the feed calls it before its commit point (the bitfield), so a
/// kill in between loses only uncommitted downloads, which are fetched again.
/// </summary>
internal sealed class StagedStorage(IRandomAccessStorage inner) : IRandomAccessStorage
{
    /// <summary>Staged bytes above which a stage writes out at once (bounds memory per file).</summary>
    private const int MaxStagedBytes = 1 << 20;
    private const int MaxRuns = 256;

    private readonly Lock _gate = new();
    private readonly List<Run> _runs = []; // sorted by offset, never touching each other
    private int _stagedBytes;

    /// <summary>The file underneath.</summary>
    public IRandomAccessStorage Inner => inner;

    /// <summary>Bytes staged and not yet written (for tests).</summary>
    internal int StagedBytes => Volatile.Read(ref _stagedBytes);

    /// <summary>Holds <paramref name="data"/> for <paramref name="offset"/> until <see cref="WriteStaged"/> (or any other access that needs it on the file).</summary>
    public void Stage(long offset, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        lock (_gate)
        {
            var end = offset + data.Length;
            // Overlapping a staged range (a rewrite of the same node): write everything out, then stage anew.
            if (Overlaps(offset, end)) WriteAllLocked();
            var i = FirstEndingAtOrAfter(offset);
            if (i < _runs.Count && _runs[i].End == offset)
            {
                _runs[i].Append(data);
                if (i + 1 < _runs.Count && _runs[i + 1].Offset == end)
                {
                    _runs[i].Append(_runs[i + 1].Bytes);
                    Recycle(_runs[i + 1]);
                    _runs.RemoveAt(i + 1);
                }
            }
            else if (i < _runs.Count && _runs[i].Offset == end) _runs[i].Prepend(offset, data);
            else _runs.Insert(i, NewRun(offset, data));
            _stagedBytes += data.Length;
            if (_stagedBytes >= MaxStagedBytes || _runs.Count >= MaxRuns) WriteAllLocked();
        }
    }

    /// <summary>Writes every staged run to the file (one positional write each).</summary>
    public void WriteStaged()
    {
        if (Volatile.Read(ref _stagedBytes) == 0) return;
        lock (_gate) WriteAllLocked();
    }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> buffer)
    {
        if (Volatile.Read(ref _stagedBytes) != 0)
            lock (_gate)
                if (Overlaps(offset, offset + buffer.Length)) WriteAllLocked();
        return inner.Read(offset, buffer);
    }

    /// <inheritdoc />
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        WriteStaged(); // keeps write order: a later plain write wins over an earlier staged one
        inner.Write(offset, data);
    }

    /// <inheritdoc />
    public long Length
    {
        get
        {
            WriteStaged();
            return inner.Length;
        }
    }

    /// <inheritdoc />
    public void Truncate(long length)
    {
        WriteStaged();
        inner.Truncate(length);
    }

    /// <inheritdoc />
    public void Flush()
    {
        WriteStaged();
        inner.Flush();
    }

    /// <inheritdoc />
    public bool Exists => Volatile.Read(ref _stagedBytes) != 0 || inner.Exists;

    /// <inheritdoc />
    public void Delete()
    {
        lock (_gate) DropAllLocked();
        inner.Delete();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try { WriteStaged(); }
        finally
        {
            lock (_gate) DropAllLocked();
            await inner.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void WriteAllLocked()
    {
        try
        {
            foreach (var run in _runs) inner.Write(run.Offset, run.Bytes);
        }
        finally
        {
            // Written or failed, the runs are gone: the feed reloads its state from the files after a failed commit.
            DropAllLocked();
        }
    }

    private void DropAllLocked()
    {
        foreach (var run in _runs) Recycle(run);
        _runs.Clear();
        Volatile.Write(ref _stagedBytes, 0);
    }

    // Run objects are reused: a burst of downloads stages a run or more per block (tree nodes
    // arrive out of order), and an object each was most of what a replicated block still allocated.
    private readonly Stack<Run> _free = new();

    private Run NewRun(long offset, ReadOnlySpan<byte> data)
    {
        var run = _free.TryPop(out var r) ? r : new Run();
        run.Reset(offset);
        run.Append(data);
        return run;
    }

    private void Recycle(Run run)
    {
        run.Dispose();
        if (_free.Count < MaxRuns) _free.Push(run);
    }

    private bool Overlaps(long start, long end)
    {
        var i = FirstEndingAtOrAfter(start + 1);
        return i < _runs.Count && _runs[i].Offset < end;
    }

    /// <summary>Index of the first run whose end is at or after <paramref name="offset"/> (binary search; runs are sorted and disjoint).</summary>
    private int FirstEndingAtOrAfter(long offset)
    {
        int lo = 0, hi = _runs.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_runs[mid].End < offset) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Contiguous staged bytes in a pooled buffer.</summary>
    private sealed class Run : IDisposable
    {
        private byte[] _buffer = [];
        private int _length;

        public long Offset { get; private set; }
        public long End => Offset + _length;
        public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

        public void Reset(long offset)
        {
            Offset = offset;
            _length = 0;
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            Grow(_length + data.Length);
            data.CopyTo(_buffer.AsSpan(_length));
            _length += data.Length;
        }

        public void Prepend(long offset, ReadOnlySpan<byte> data)
        {
            Grow(_length + data.Length);
            _buffer.AsSpan(0, _length).CopyTo(_buffer.AsSpan(data.Length));
            data.CopyTo(_buffer);
            _length += data.Length;
            Offset = offset;
        }

        public void Dispose()
        {
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }

        private void Grow(int needed)
        {
            if (needed <= _buffer.Length) return;
            var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(256, _buffer.Length * 2)));
            _buffer.AsSpan(0, _length).CopyTo(next);
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = next;
        }
    }
}

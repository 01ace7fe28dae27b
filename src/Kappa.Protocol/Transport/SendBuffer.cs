using System.Buffers;

namespace Kappa.Protocol.Transport;

/// <summary>
/// Outgoing plaintext frames between <c>WriteFrame</c> and <c>FlushAsync</c>. Implements
/// <see cref="IBufferWriter{T}"/> so frames are encoded straight into it; the flush encrypts the
/// whole batch in one pass into the transport (per-frame cipher calls would pay the XSalsa20
/// setup and a partial keystream block for every few bytes). Memory comes from
/// <see cref="ArrayPool{T}.Shared"/> and is reused across flushes. Not thread-safe: the
/// connection serialises access.
/// </summary>
internal sealed class SendBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 16 * 1024;
    private const int KeepAfterFlush = 256 * 1024; // larger buffers (big Data frames) go back to the pool

    private byte[] _buffer = [];
    private int _written;

    /// <summary>Committed bytes.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _written);

    public int Count => _written;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written)) throw new ArgumentOutOfRangeException(nameof(count));
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Drops everything written after the first <paramref name="count"/> bytes (a frame that failed to encode).</summary>
    public void Truncate(int count)
    {
        if ((uint)count > (uint)_written) throw new ArgumentOutOfRangeException(nameof(count));
        _written = count;
    }

    /// <summary>Forgets the written bytes after they were handed to the transport.</summary>
    public void Reset()
    {
        _written = 0;
        if (_buffer.Length > KeepAfterFlush) Return();
    }

    public void Dispose()
    {
        _written = 0;
        Return();
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed) return;
        var size = Math.Max(Math.Max(InitialSize, _buffer.Length * 2), _written + needed);
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _written).CopyTo(next);
        Return();
        _buffer = next;
    }

    private void Return()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

using System.Buffers;

namespace Kappa.Protocol.Transport;

/// <summary>
/// Decrypted incoming bytes waiting to be parsed into frames: one contiguous pooled array, so a
/// frame body is a single span. It grows only as far as one incomplete frame needs (the frame
/// reader has already refused bodies over the limit), so its size is bounded by the maximum
/// frame size; after a big frame it shrinks back.
/// </summary>
internal sealed class ReceiveBuffer(int maxCapacity) : IDisposable
{
    private const int InitialSize = 16 * 1024;
    private const int ShrinkAbove = 256 * 1024;

    private byte[] _buffer = [];
    private int _start;
    private int _end;

    /// <summary>Bytes received and not yet consumed.</summary>
    public int Count => _end - _start;

    /// <summary>Current allocation (for tests and diagnostics).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The unconsumed bytes. Valid until the next <see cref="GetWriteSpan"/>.</summary>
    public ReadOnlySequence<byte> Unread => new(_buffer, _start, _end - _start);

    public void Consume(int count)
    {
        if ((uint)count > (uint)Count) throw new ArgumentOutOfRangeException(nameof(count));
        _start += count;
        if (_start == _end) _start = _end = 0;
    }

    /// <summary>Free space after the unread bytes (compacting, growing or shrinking as needed); never empty.</summary>
    public Span<byte> GetWriteSpan()
    {
        var count = Count;
        if (_buffer.Length > ShrinkAbove && count <= InitialSize / 2) Replace(InitialSize);
        else if (_buffer.Length == 0) Replace(InitialSize);
        else if (_end == _buffer.Length && _start > 0) Compact();
        else if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxCapacity) throw new InvalidOperationException("Receive buffer is full without a complete frame.");
            Replace(Math.Min(_buffer.Length * 2, maxCapacity));
        }
        return _buffer.AsSpan(_end);
    }

    /// <summary>Marks <paramref name="count"/> bytes of the last write span as received.</summary>
    public void Commit(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _end)) throw new ArgumentOutOfRangeException(nameof(count));
        _end += count;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _start = _end = 0;
    }

    private void Compact()
    {
        _buffer.AsSpan(_start, Count).CopyTo(_buffer);
        _end = Count;
        _start = 0;
    }

    private void Replace(int size)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(size, Count));
        _buffer.AsSpan(_start, Count).CopyTo(next);
        _end = Count;
        _start = 0;
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}

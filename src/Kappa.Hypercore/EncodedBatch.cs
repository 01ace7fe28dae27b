using System.Buffers;

namespace Kappa.Hypercore;

/// <summary>
/// Blocks ready to append: their bytes concatenated in one pooled buffer (the data file gets one
/// write) plus each block's size. Returned to the pool after the write.
/// </summary>
internal sealed class EncodedBatch : IBufferWriter<byte>
{
    private byte[] _data;
    private int[] _sizes;
    private int _blockStart;

    public EncodedBatch(int bytesHint = 256, int blocksHint = 4)
    {
        _data = ArrayPool<byte>.Shared.Rent(Math.Max(bytesHint, 64));
        _sizes = ArrayPool<int>.Shared.Rent(Math.Max(blocksHint, 4));
    }

    public int Count { get; private set; }
    public int Length { get; private set; }
    public ReadOnlySpan<byte> Data => _data.AsSpan(0, Length);
    public ReadOnlySpan<int> Sizes => _sizes.AsSpan(0, Count);
    public ReadOnlyMemory<byte> DataMemory => _data.AsMemory(0, Length);
    public ReadOnlyMemory<int> SizesMemory => _sizes.AsMemory(0, Count);

    /// <summary>Ends the block being written through the <see cref="IBufferWriter{T}"/> interface.</summary>
    public void EndBlock()
    {
        if (Count == _sizes.Length) Grow(ref _sizes, Count * 2, Count);
        _sizes[Count++] = Length - _blockStart;
        _blockStart = Length;
    }

    /// <summary>Drops the bytes written since the last <see cref="EndBlock"/> (a value that failed to encode).</summary>
    public void DiscardBlock() => Length = _blockStart;

    public void AddBlock(ReadOnlySpan<byte> block)
    {
        block.CopyTo(GetSpan(block.Length));
        Advance(block.Length);
        EndBlock();
    }

    public void AddAll(EncodedBatch other)
    {
        var offset = 0;
        foreach (var size in other.Sizes)
        {
            AddBlock(other.Data.Slice(offset, size));
            offset += size;
        }
    }

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _data.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _data.AsSpan(Length);
    }

    public void Return()
    {
        ArrayPool<byte>.Shared.Return(_data);
        ArrayPool<int>.Shared.Return(_sizes);
        _data = [];
        _sizes = [];
    }

    private void Ensure(int sizeHint)
    {
        var need = Length + Math.Max(sizeHint, 1);
        if (need > _data.Length) Grow(ref _data, Math.Max(need, _data.Length * 2), Length);
    }

    private static void Grow<T>(ref T[] array, int size, int used)
    {
        var bigger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }
}

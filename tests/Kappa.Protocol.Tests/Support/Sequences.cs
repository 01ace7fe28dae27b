using System.Buffers;

namespace Kappa.Protocol.Tests.Support;

/// <summary>Multi-segment <see cref="ReadOnlySequence{T}"/>s, to test code that must not assume one span.</summary>
internal static class Sequences
{
    /// <summary>The bytes split into segments of the given sizes (the last one takes the rest).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] sizes)
    {
        var parts = new List<byte[]>();
        var offset = 0;
        foreach (var size in sizes)
        {
            var n = Math.Min(size, bytes.Length - offset);
            parts.Add(bytes[offset..(offset + n)]);
            offset += n;
        }
        parts.Add(bytes[offset..]);
        return Of([.. parts]);
    }

    /// <summary>One segment per byte.</summary>
    public static ReadOnlySequence<byte> ByteByByte(byte[] bytes) => Split(bytes, Enumerable.Repeat(1, bytes.Length).ToArray());

    public static ReadOnlySequence<byte> Of(params byte[][] parts)
    {
        if (parts.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1)) last = last.Append(part);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

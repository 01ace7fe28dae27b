using System.Runtime.CompilerServices;
using System.Buffers;

namespace Kappa.Protocol.Wire;

/// <summary>
/// Unsigned LEB128 varints, as written by the npm <c>varint</c> module and protobuf:
/// 7 value bits per byte, least significant group first, high bit = "more bytes follow".
/// <code>
/// 300 = 0b1_0010_1100 → ac 02
/// </code>
/// A 64-bit value needs at most 10 bytes. The frame reader of simple-message-channels 1.2.1
/// gives up after 8 bytes (56 bits, the most a JS double holds exactly); callers pass that
/// limit as <c>maxBytes</c>.
/// </summary>
internal static class Varint
{
    /// <summary>Longest encoding of a 64-bit value.</summary>
    public const int MaxLength = 10;

    /// <summary>Longest varint the JS frame reader accepts ("Incoming varint is invalid" beyond).</summary>
    public const int MaxFrameVarintLength = 8;

    /// <summary>Number of bytes <see cref="Write(Span{byte}, ulong)"/> produces for <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public static int Size(ulong value)
    {
        // 1 + floor(bits/7); value | 1 keeps LeadingZeroCount below 64 for zero.
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        return (bits + 6) / 7;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(MaxLength);
        writer.Advance(Write(span, value));
    }

    /// <summary>
    /// Reads a varint from the start of <paramref name="source"/>. Returns false when the input
    /// ends before the last byte (more data may complete it); throws
    /// <see cref="ProtocolException"/> (<see cref="ProtocolException.BadVarint"/>) when it is
    /// longer than <paramref name="maxBytes"/> bytes or overflows 64 bits.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int consumed, int maxBytes = MaxLength)
    {
        ulong result = 0;
        var limit = Math.Min(source.Length, maxBytes);
        for (var i = 0; i < limit; i++)
        {
            var b = source[i];
            if (i == MaxLength - 1 && b > 1) throw Overflow();
            result |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                value = result;
                consumed = i + 1;
                return true;
            }
        }
        if (source.Length >= maxBytes) throw TooLong(maxBytes);
        value = 0;
        consumed = 0;
        return false;
    }

    /// <summary>
    /// Sequence version of <see cref="TryRead(ReadOnlySpan{byte}, out ulong, out int, int)"/>:
    /// on success the reader is advanced past the varint, otherwise it is left where it was.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out ulong value, int maxBytes = MaxLength)
    {
        var span = reader.UnreadSpan;
        if (span.Length >= maxBytes || (span.Length > 0 && span[^1] < 0x80))
        {
            // Fast path: the whole varint (or enough to reject it) is in the current segment.
            if (!TryRead(span, out value, out var n, maxBytes)) return false;
            reader.Advance(n);
            return true;
        }

        Span<byte> copy = stackalloc byte[MaxLength];
        var available = (int)Math.Min(reader.Remaining, maxBytes);
        reader.TryCopyTo(copy[..available]);
        if (!TryRead(copy[..available], out value, out var used, maxBytes)) return false;
        reader.Advance(used);
        return true;
    }

    private static ProtocolException TooLong(int maxBytes) =>
        new(ProtocolException.BadVarint, $"Incoming varint is invalid (longer than {maxBytes} bytes).");

    private static ProtocolException Overflow() =>
        new(ProtocolException.BadVarint, "Incoming varint overflows 64 bits.");
}

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Kappa.Hypercore.Crypto;

namespace Kappa.Views.List;

/// <summary>
/// Order-preserving byte encodings of sort values, partitions and entry ids, so that the view
/// store's bytewise key order is the list's order (hand-written: no .NET library provides a
/// typed, prefix-free collation over raw bytes; the layout is ours, not a JS format).
/// <code>
/// value     | bytes
/// null      | 10
/// false     | 20
/// true      | 21
/// number    | 30 ‖ 8 bytes: IEEE double, sign bit flipped (positive) or all bits flipped (negative), big-endian
/// string    | 40 ‖ UTF-8 with 00 escaped as 00 FF ‖ 00 01
/// partition | 00 (none) or 01 ‖ UTF-8 escaped as above ‖ 00 01
/// entry id  | feed key (32 bytes) ‖ seq (8 bytes, big-endian)
/// </code>
/// Every encoding is prefix-free: no partition's keys start with another partition's (a channel
/// "foo!bar" never leaks into "foo", as it does with cabal-core's <c>msg!&lt;channel&gt;!</c> keys).
/// </summary>
internal static class KeyCodec
{
    public const int IdSize = EntryId.EncodedSize;

    public static void WriteValue(ArrayBufferWriter<byte> output, SortValue value)
    {
        switch (value.Kind)
        {
            case SortKind.Null: output.Write([(byte)0x10]); break;
            case SortKind.False: output.Write([(byte)0x20]); break;
            case SortKind.True: output.Write([(byte)0x21]); break;
            case SortKind.Number:
                var span = output.GetSpan(9);
                span[0] = 0x30;
                var bits = BitConverter.DoubleToInt64Bits(value.Number);
                var ordered = bits >= 0 ? (ulong)bits ^ 0x8000_0000_0000_0000UL : ~(ulong)bits;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], ordered);
                output.Advance(9);
                break;
            default:
                output.Write([(byte)0x40]);
                WriteEscaped(output, value.Text);
                break;
        }
    }

    public static void WritePartition(ArrayBufferWriter<byte> output, string? partition)
    {
        if (partition is null)
        {
            output.Write([(byte)0x00]);
            return;
        }
        output.Write([(byte)0x01]);
        WriteEscaped(output, partition);
    }

    public static void WriteId(ArrayBufferWriter<byte> output, FeedKey feed, long seq)
    {
        new EntryId(feed, seq).WriteTo(output.GetSpan(IdSize)); // the same bytes as every view's ids
        output.Advance(IdSize);
    }

    /// <summary>Reads one encoded value from the start of <paramref name="bytes"/>; returns the bytes it took.</summary>
    public static int ReadValue(ReadOnlySpan<byte> bytes, out SortValue value)
    {
        switch (bytes[0])
        {
            case 0x10: value = SortValue.Null; return 1;
            case 0x20: value = SortValue.Boolean(false); return 1;
            case 0x21: value = SortValue.Boolean(true); return 1;
            case 0x30:
                var ordered = BinaryPrimitives.ReadUInt64BigEndian(bytes[1..]);
                var bits = (ordered & 0x8000_0000_0000_0000UL) != 0 ? ordered ^ 0x8000_0000_0000_0000UL : ~ordered;
                value = SortValue.FromNumber(BitConverter.Int64BitsToDouble((long)bits));
                return 9;
            case 0x40:
                var used = ReadEscaped(bytes[1..], out var text);
                value = SortValue.FromString(text);
                return 1 + used;
            default: throw new FormatException($"unknown sort value tag {bytes[0]:x2}");
        }
    }

    public static (FeedKey Feed, long Seq) ReadId(ReadOnlySpan<byte> bytes)
    {
        var id = EntryId.ReadFrom(bytes);
        return (id.Feed, id.Seq);
    }

    /// <summary>The later of two range starts, in the store's byte order.</summary>
    public static byte[] Max(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b) >= 0 ? a : b;

    /// <summary>The earlier of two range ends, in the store's byte order (a null end is unbounded).</summary>
    public static byte[]? Min(byte[]? a, byte[] b) => a is null || b.AsSpan().SequenceCompareTo(a) < 0 ? b : a;

    private static void WriteEscaped(ArrayBufferWriter<byte> output, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        if (Array.IndexOf(utf8, (byte)0) < 0) output.Write(utf8);
        else foreach (var b in utf8)
        {
            if (b == 0) output.Write([(byte)0x00, (byte)0xFF]);
            else output.Write([b]);
        }
        output.Write([(byte)0x00, (byte)0x01]);
    }

    private static int ReadEscaped(ReadOnlySpan<byte> bytes, out string text)
    {
        var raw = new ArrayBufferWriter<byte>(bytes.Length);
        var i = 0;
        while (true)
        {
            var b = bytes[i];
            if (b != 0) { raw.Write([b]); i++; continue; }
            if (bytes[i + 1] == 0x01) { i += 2; break; }
            raw.Write([(byte)0x00]);
            i += 2;
        }
        text = Encoding.UTF8.GetString(raw.WrittenSpan);
        return i;
    }
}

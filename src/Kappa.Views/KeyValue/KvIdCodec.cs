using System.Buffers.Binary;
using System.Text;
using Kappa.Hypercore.Crypto;

namespace Kappa.Views.KeyValue;

/// <summary>
/// Version ids as stored bytes. Hand-written because the layout must sort like
/// <see cref="KvIdOrder"/> under RocksDB's bytewise comparator:
/// | tag | then | for |
/// |---|---|---|
/// | 0x00 | feed key (32) ‖ seq u64 big-endian | canonical <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c> ids (41 bytes, not 100 chars of text) |
/// | 0x01 | UTF-8 of the id | any other id |
/// </summary>
internal static class KvIdCodec
{
    private const byte EntryTag = 0x00;
    private const byte TextTag = 0x01;

    public static byte[] Encode(string id)
    {
        if (EntryId.TryParse(id, out var entry)) return Encode(entry);
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(id)];
        bytes[0] = TextTag;
        Encoding.UTF8.GetBytes(id, bytes.AsSpan(1));
        return bytes;
    }

    public static byte[] Encode(EntryId id)
    {
        var bytes = new byte[1 + EntryId.EncodedSize];
        bytes[0] = EntryTag;
        id.WriteTo(bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>The canonical id of entry <paramref name="seq"/> of <paramref name="feed"/>, without its text.</summary>
    public static byte[] Encode(FeedKey feed, long seq)
    {
        var bytes = new byte[1 + EntryId.EncodedSize];
        bytes[0] = EntryTag;
        feed.Span.CopyTo(bytes.AsSpan(1));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1 + FeedKey.Size), (ulong)seq);
        return bytes;
    }

    /// <summary>
    /// The encoded id of UTF-8 text that is a canonical entry id (what <see cref="EntryId.TryParse(string?, out EntryId)"/>
    /// accepts: 64 lowercase hex, <c>@</c>, a decimal seq without sign or leading zeros); null for any other text.
    /// Reads the bytes of a JSON string in place, so a link costs no string.
    /// </summary>
    public static byte[]? TryEncodeEntry(ReadOnlySpan<byte> utf8)
    {
        const int hex = 2 * FeedKey.Size;
        if (utf8.Length < hex + 2 || utf8[hex] != (byte)'@') return null;
        var digits = utf8[(hex + 1)..];
        if (digits.Length > 18 || (digits.Length > 1 && digits[0] == (byte)'0')) return null;
        long seq = 0;
        foreach (var c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9') return null;
            seq = seq * 10 + (c - '0');
        }
        var bytes = new byte[1 + EntryId.EncodedSize];
        bytes[0] = EntryTag;
        for (var i = 0; i < FeedKey.Size; i++)
        {
            var high = Nibble(utf8[2 * i]);
            var low = Nibble(utf8[2 * i + 1]);
            if ((high | low) < 0) return null;
            bytes[1 + i] = (byte)((high << 4) | low);
        }
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1 + FeedKey.Size), (ulong)seq);
        return bytes;
    }

    private static int Nibble(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };

    public static string Decode(ReadOnlySpan<byte> bytes) =>
        bytes[0] == EntryTag ? EntryId.ReadFrom(bytes[1..]).ToString() : Encoding.UTF8.GetString(bytes[1..]);

    /// <summary>The entry id, when the encoded id is one.</summary>
    public static EntryId? AsEntry(ReadOnlySpan<byte> bytes) => bytes[0] == EntryTag ? EntryId.ReadFrom(bytes[1..]) : null;
}

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
    public static byte[] Encode(FeedKey feed, long seq) => Encode(new EntryId(feed, seq));

    /// <summary>
    /// The encoded id of UTF-8 text that is a canonical entry id (<see cref="EntryId.TryParseUtf8"/>);
    /// null for any other text. Reads the bytes of a JSON string in place, so a link costs no string.
    /// </summary>
    public static byte[]? TryEncodeEntry(ReadOnlySpan<byte> utf8)
    {
        Span<byte> feed = stackalloc byte[FeedKey.Size];
        if (!EntryId.TryParseUtf8(utf8, feed, out var seq)) return null;
        var bytes = new byte[1 + EntryId.EncodedSize];
        bytes[0] = EntryTag;
        feed.CopyTo(bytes.AsSpan(1));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1 + FeedKey.Size), (ulong)seq);
        return bytes;
    }

    public static string Decode(ReadOnlySpan<byte> bytes) =>
        bytes[0] == EntryTag ? EntryId.ReadFrom(bytes[1..]).ToString() : Encoding.UTF8.GetString(bytes[1..]);

    /// <summary>The entry id, when the encoded id is one.</summary>
    public static EntryId? AsEntry(ReadOnlySpan<byte> bytes) => bytes[0] == EntryTag ? EntryId.ReadFrom(bytes[1..]) : null;
}

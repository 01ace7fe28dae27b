using System.Text;

namespace Kappa.Views.KeyValue;

/// <summary>
/// The key/value view's keys inside its data store (under KappaView's <c>!d!</c>). Hand-written
/// so the common row (an update linking its key's current head) costs one read — the key's
/// heads — and blind writes; heads come back already in <see cref="KvIdOrder"/>:
/// | key | value | JS unordered-materialized-kv 1.3 |
/// |---|---|---|
/// | <c>h</c> ‖ UTF-8(key) | the key's heads, sorted: each varint(len) ‖ id (<see cref="KvIdCodec"/>); absent = no heads | <c>k!&lt;key&gt;</c> → ids joined by "," |
/// | <c>l</c> ‖ id | empty: some row links this id — with the default map only while the id's entry is not indexed (KvView.Entries.cs; a store written before that keeps its older records, which answer the same) | <c>l!&lt;id&gt;</c> → "" |
/// | <c>e</c> ‖ varint(len id) ‖ id ‖ UTF-8(key) | empty: a row with this id was indexed under this key (read only to follow a cross-key link); written only for a row whose id is not its entry's own id, or by a view not installed on a core (the others are found by reading the entry again, KvView.Remap.cs) | — (so a cross-key link left a head behind) |
/// Varints are unsigned LEB128. Changing this table needs a new view version (the view is rebuilt).
/// </summary>
internal static class KvLayout
{
    public const byte HeadsTag = (byte)'h';
    public const byte LinkedTag = (byte)'l';
    public const byte IdKeyTag = (byte)'e';

    public static byte[] HeadsKey(string key)
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(key)];
        bytes[0] = HeadsTag;
        Encoding.UTF8.GetBytes(key, bytes.AsSpan(1));
        return bytes;
    }

    public static byte[] LinkedKey(byte[] encodedId)
    {
        var bytes = new byte[1 + encodedId.Length];
        bytes[0] = LinkedTag;
        encodedId.CopyTo(bytes, 1);
        return bytes;
    }

    /// <summary><c>e</c> ‖ varint ‖ id, the prefix of every (id, key) pair of the id; with <paramref name="key"/> the pair itself.</summary>
    public static byte[] IdKeyKey(byte[] encodedId, string? key = null)
    {
        var keyBytes = key is null ? 0 : Encoding.UTF8.GetByteCount(key);
        var bytes = new byte[1 + VarintSize(encodedId.Length) + encodedId.Length + keyBytes];
        bytes[0] = IdKeyTag;
        var span = bytes.AsSpan(1);
        WriteVarint(ref span, encodedId.Length);
        encodedId.CopyTo(span);
        if (key is not null) Encoding.UTF8.GetBytes(key, span[encodedId.Length..]);
        return bytes;
    }

    /// <summary>Splits an <c>e</c> key (without its tag) into the id and the key's UTF-8.</summary>
    public static (byte[] Id, string Key) ReadIdKey(ReadOnlySpan<byte> rest)
    {
        var length = ReadVarint(ref rest);
        return (rest[..length].ToArray(), Encoding.UTF8.GetString(rest[length..]));
    }

    public static List<byte[]> ReadIds(ReadOnlySpan<byte> value)
    {
        var ids = new List<byte[]>(Math.Max(1, value.Length / 42));
        ReadIds(value, ids);
        return ids;
    }

    public static void ReadIds(ReadOnlySpan<byte> value, List<byte[]> ids)
    {
        while (!value.IsEmpty)
        {
            var length = ReadVarint(ref value);
            ids.Add(value[..length].ToArray());
            value = value[length..];
        }
    }

    public static byte[] WriteIds(List<byte[]> ids)
    {
        var size = 0;
        foreach (var id in ids) size += VarintSize(id.Length) + id.Length;
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        foreach (var id in ids)
        {
            WriteVarint(ref span, id.Length);
            id.CopyTo(span);
            span = span[id.Length..];
        }
        return bytes;
    }

    internal static int ReadVarint(ref ReadOnlySpan<byte> span)
    {
        int value = 0, shift = 0, i = 0;
        while (true)
        {
            if (i >= span.Length || shift > 28) throw new InvalidDataException("The view's stored value is truncated.");
            var b = span[i++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
        }
        span = span[i..];
        if (value > span.Length) throw new InvalidDataException("The view's stored value is truncated.");
        return value;
    }

    internal static void WriteVarint(ref Span<byte> span, int value)
    {
        var i = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[i++] = (byte)v;
        span = span[i..];
    }

    internal static int VarintSize(int value)
    {
        var size = 1;
        for (var v = (uint)value; v >= 0x80; v >>= 7) size++;
        return size;
    }
}

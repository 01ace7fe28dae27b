using System.Text;

namespace Kappa.Views.KeyValue;

/// <summary>
/// The key/value view's keys inside its data store (under KappaView's <c>!d!</c>). Hand-written
/// so the hot path reads one key per touched key and one per touched id, and so that heads come
/// back already in <see cref="KvIdOrder"/>:
/// | key | value | JS unordered-materialized-kv 1.3 |
/// |---|---|---|
/// | <c>h</c> ‖ UTF-8(key) | the key's heads, sorted: each varint(len) ‖ id (<see cref="KvIdCodec"/>); absent = no heads | <c>k!&lt;key&gt;</c> → ids joined by "," |
/// | <c>e</c> ‖ id | flags (bit 0: some row links this id) ‖ the keys rows with this id were indexed under: each varint(len) ‖ UTF-8 | <c>l!&lt;id&gt;</c> → "" (no keys: a cross-key link could not remove the id from its key) |
/// Varints are unsigned LEB128. Changing this table needs a new view version (the view is rebuilt).
/// </summary>
internal static class KvLayout
{
    public const byte HeadsTag = (byte)'h';
    public const byte IdTag = (byte)'e';

    public static byte[] HeadsKey(string key)
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(key)];
        bytes[0] = HeadsTag;
        Encoding.UTF8.GetBytes(key, bytes.AsSpan(1));
        return bytes;
    }

    public static byte[] IdKey(byte[] encodedId)
    {
        var bytes = new byte[1 + encodedId.Length];
        bytes[0] = IdTag;
        encodedId.CopyTo(bytes, 1);
        return bytes;
    }

    public static List<byte[]> ReadIds(ReadOnlySpan<byte> value)
    {
        var ids = new List<byte[]>(Math.Max(1, value.Length / 42));
        while (!value.IsEmpty)
        {
            var length = ReadVarint(ref value);
            ids.Add(value[..length].ToArray());
            value = value[length..];
        }
        return ids;
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

    public static (bool Linked, List<string> Keys) ReadRecord(ReadOnlySpan<byte> value)
    {
        var keys = new List<string>(1);
        var linked = value.Length > 0 && (value[0] & 1) != 0;
        if (!value.IsEmpty) value = value[1..];
        while (!value.IsEmpty)
        {
            var length = ReadVarint(ref value);
            keys.Add(Encoding.UTF8.GetString(value[..length]));
            value = value[length..];
        }
        return (linked, keys);
    }

    public static byte[] WriteRecord(bool linked, List<string> keys)
    {
        var size = 1;
        foreach (var k in keys)
        {
            var n = Encoding.UTF8.GetByteCount(k);
            size += VarintSize(n) + n;
        }
        var bytes = new byte[size];
        bytes[0] = linked ? (byte)1 : (byte)0;
        var span = bytes.AsSpan(1);
        foreach (var k in keys)
        {
            WriteVarint(ref span, Encoding.UTF8.GetByteCount(k));
            var n = Encoding.UTF8.GetBytes(k, span);
            span = span[n..];
        }
        return bytes;
    }

    private static int ReadVarint(ref ReadOnlySpan<byte> span)
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

    private static void WriteVarint(ref Span<byte> span, int value)
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

    private static int VarintSize(int value)
    {
        var size = 1;
        for (var v = (uint)value; v >= 0x80; v >>= 7) size++;
        return size;
    }
}

using Kappa.Views.KeyValue;

namespace Kappa.Views.BackRefs;

/// <summary>
/// The back-references view's keys inside its data store (under KappaView's <c>!d!</c>). Ids and
/// refs are stored as <see cref="KvIdCodec"/> bytes, so a prefix scan returns referrers already in
/// <see cref="KvIdOrder"/>. One key per (ref, document) pair: a document adds or drops a reference
/// with a blind write, where unordered-materialized-backrefs rewrote a JSON array of every
/// referrer (a popular ref cost O(referrers) per batch).
/// | key | value | JS unordered-materialized-backrefs 1.0 |
/// |---|---|---|
/// | <c>r</c> ‖ varint(len ref) ‖ ref ‖ id | empty: current document <c>id</c> references <c>ref</c> | <c>r!&lt;ref&gt;</c> → JSON array of ids |
/// | <c>o</c> ‖ varint(len id) ‖ id ‖ ref | empty: the same pair from the document's side, to drop its refs when it is linked | <c>o!&lt;id&gt;</c> → JSON array of refs (the last row's only) |
/// | <c>l</c> ‖ id | empty: some row links this id | <c>l!&lt;id&gt;</c> → "" |
/// A linked document keeps no <c>r</c> or <c>o</c> pair. Varints are unsigned LEB128. Changing this
/// table needs a new view version (the view is rebuilt).
/// </summary>
internal static class BackRefLayout
{
    public const byte RefTag = (byte)'r';
    public const byte OriginTag = (byte)'o';
    public const byte LinkedTag = (byte)'l';

    /// <summary><paramref name="tag"/> ‖ varint(len first) ‖ first ‖ second (second omitted: the prefix of every pair of first).</summary>
    public static byte[] Pair(byte tag, byte[] first, byte[]? second = null)
    {
        var secondLength = second?.Length ?? 0;
        var bytes = new byte[1 + KvLayout.VarintSize(first.Length) + first.Length + secondLength];
        bytes[0] = tag;
        var span = bytes.AsSpan(1);
        KvLayout.WriteVarint(ref span, first.Length);
        first.CopyTo(span);
        second?.CopyTo(span[first.Length..]);
        return bytes;
    }

    /// <summary>The first id of a pair key (tag included).</summary>
    public static ReadOnlySpan<byte> First(ReadOnlySpan<byte> key)
    {
        var rest = key[1..];
        var length = KvLayout.ReadVarint(ref rest);
        return rest[..length];
    }

    /// <summary>The second id of a pair key (tag included).</summary>
    public static ReadOnlySpan<byte> Second(ReadOnlySpan<byte> key)
    {
        var rest = key[1..];
        var length = KvLayout.ReadVarint(ref rest);
        return rest[length..];
    }

    public static byte[] LinkedKey(byte[] id)
    {
        var bytes = new byte[1 + id.Length];
        bytes[0] = LinkedTag;
        id.CopyTo(bytes, 1);
        return bytes;
    }
}

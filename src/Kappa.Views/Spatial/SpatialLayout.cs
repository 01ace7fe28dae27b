using System.Buffers.Binary;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Spatial;

/// <summary>
/// The spatial view's keys inside its data store (under KappaView's <c>!d!</c>). Ids are stored as
/// <see cref="KvIdCodec"/> bytes (41 bytes for a canonical entry id); <c>z</c> is the point's
/// <see cref="ZOrder"/> key, <c>8 × dimensions</c> bytes:
/// | key | value | JS unordered-materialized-bkd 1.1 |
/// |---|---|---|
/// | <c>m</c> | the dimension, u32 big-endian | <c>opts.type.point</c> (never stored) |
/// | <c>p</c> ‖ z ‖ id | empty: a current point (a box query scans these in Z order) | the bkd-tree's points and deletion bits |
/// | <c>i</c> ‖ id ‖ z | empty: the same point found by id, to remove it when the id is linked | <c>getPoint(id)</c> read the log |
/// | <c>l</c> ‖ id | empty: some row links this id | <c>isLinked(id)</c>, the caller's (kappa-osm: the kv view's) |
/// An <c>i</c> prefix scan for an id also matches longer ids that start with it; the key's length
/// (fixed z) tells them apart. Changing this table needs a new view version (the view is rebuilt).
/// </summary>
internal static class SpatialLayout
{
    public const byte PointTag = (byte)'p';
    public const byte IdTag = (byte)'i';
    public const byte LinkedTag = (byte)'l';
    public static readonly byte[] MetaKey = [(byte)'m'];

    public static byte[] Meta(int dimensions)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, dimensions);
        return bytes;
    }

    public static int ReadMeta(ReadOnlySpan<byte> value) => value.Length == 4 ? BinaryPrimitives.ReadInt32BigEndian(value) : -1;

    public static byte[] PointKey(ReadOnlySpan<byte> z, ReadOnlySpan<byte> id) => Tagged(PointTag, z, id);

    public static byte[] IdKey(ReadOnlySpan<byte> id, ReadOnlySpan<byte> z) => Tagged(IdTag, id, z);

    public static byte[] LinkedKey(ReadOnlySpan<byte> id) => Tagged(LinkedTag, id, []);

    private static byte[] Tagged(byte tag, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var bytes = new byte[1 + a.Length + b.Length];
        bytes[0] = tag;
        a.CopyTo(bytes.AsSpan(1));
        b.CopyTo(bytes.AsSpan(1 + a.Length));
        return bytes;
    }
}

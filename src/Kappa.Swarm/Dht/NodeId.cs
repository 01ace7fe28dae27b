using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kappa.Swarm.Dht;

/// <summary>
/// A 32-byte Kademlia id (node id or target) as four big-endian words, so that XOR distance and
/// its ordering (dht-rpc's xor-distance: compare byte by byte) are a few integer operations.
/// </summary>
internal readonly record struct NodeId(ulong W0, ulong W1, ulong W2, ulong W3)
{
    public const int Length = 32;

    public static NodeId Random() => FromBytes(RandomNumberGenerator.GetBytes(Length));

    public static NodeId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new DhtException("KAPPA_DHT_ARGUMENT", $"An id or topic is {Length} bytes, not {bytes.Length}.");
        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]), BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>XOR distance to <paramref name="other"/> (itself an id-shaped number).</summary>
    public NodeId Xor(NodeId other) => new(W0 ^ other.W0, W1 ^ other.W1, W2 ^ other.W2, W3 ^ other.W3);

    /// <summary>Orders distances as unsigned 256-bit numbers.</summary>
    public int CompareTo(NodeId other) =>
        W0 != other.W0 ? W0.CompareTo(other.W0)
        : W1 != other.W1 ? W1.CompareTo(other.W1)
        : W2 != other.W2 ? W2.CompareTo(other.W2)
        : W3.CompareTo(other.W3);

    /// <summary>Number of leading zero bits (256 for zero): the k-bucket index of a distance.</summary>
    public int LeadingZeroCount() =>
        W0 != 0 ? (int)ulong.LeadingZeroCount(W0)
        : W1 != 0 ? 64 + (int)ulong.LeadingZeroCount(W1)
        : W2 != 0 ? 128 + (int)ulong.LeadingZeroCount(W2)
        : W3 != 0 ? 192 + (int)ulong.LeadingZeroCount(W3)
        : 256;

    public override string ToString() => Convert.ToHexStringLower(ToArray());
}

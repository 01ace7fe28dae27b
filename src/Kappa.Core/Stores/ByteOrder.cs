namespace Kappa.Core.Stores;

/// <summary>Unsigned bytewise key order, as leveldb and RocksDB's default comparator.</summary>
internal sealed class ByteOrder : IComparer<byte[]>, IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteOrder Instance = new();

    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);

    int IComparer<byte[]>.Compare(byte[]? x, byte[]? y) => Compare(x, y);

    public bool Equals(byte[]? x, byte[]? y) => ((ReadOnlySpan<byte>)x).SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var h = new HashCode();
        h.AddBytes(alternate);
        return h.ToHashCode();
    }

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    /// <summary>The smallest key greater than every key with this prefix (null when the prefix is all 0xFF).</summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix)
    {
        var end = prefix.ToArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] == 0xFF) continue;
            end[i]++;
            return end[..(i + 1)];
        }
        return null;
    }
}

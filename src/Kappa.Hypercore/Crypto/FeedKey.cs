namespace Kappa.Hypercore.Crypto;

/// <summary>
/// The 32-byte Ed25519 public key that names a feed (hypercore's <c>feed.key</c>). Compares by
/// value; prints and parses as 64 lowercase hex characters, the form JS kappa-core uses.
/// </summary>
public readonly struct FeedKey : IEquatable<FeedKey>, IComparable<FeedKey>
{
    private readonly byte[]? _bytes;

    /// <summary>Size of a feed key in bytes.</summary>
    public const int Size = 32;

    /// <summary>Wraps 32 bytes (copied).</summary>
    /// <exception cref="ArgumentException">Not exactly 32 bytes.</exception>
    public FeedKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"A feed key is {Size} bytes, got {bytes.Length}.", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The key's bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes is null ? new byte[Size] : _bytes;

    /// <summary>A copy of the key's bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>The key as 64 lowercase hex characters.</summary>
    public override string ToString() => Convert.ToHexStringLower(Span);

    /// <summary>Parses 64 hex characters (either case).</summary>
    /// <exception cref="FormatException">Not 64 hex characters.</exception>
    public static FeedKey Parse(string hex)
    {
        if (!TryParse(hex, out var key)) throw new FormatException($"A feed key is 64 hex characters; got \"{Truncate(hex)}\".");
        return key;
    }

    /// <summary>Parses 64 hex characters; false when <paramref name="hex"/> is not a key.</summary>
    public static bool TryParse(string? hex, out FeedKey key)
    {
        key = default;
        if (hex is null || hex.Length != 2 * Size) return false;
        Span<byte> b = stackalloc byte[Size];
        if (Convert.FromHexString(hex, b, out _, out var written) != System.Buffers.OperationStatus.Done || written != Size) return false;
        key = new FeedKey(b);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(FeedKey other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeedKey k && Equals(k);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(Span);

    /// <summary>Orders keys by their bytes (= by their hex form), as multifeed sorts key lists.</summary>
    public int CompareTo(FeedKey other) => Span.SequenceCompareTo(other.Span);

    /// <summary>Equality by bytes.</summary>
    public static bool operator ==(FeedKey left, FeedKey right) => left.Equals(right);

    /// <summary>Inequality by bytes.</summary>
    public static bool operator !=(FeedKey left, FeedKey right) => !left.Equals(right);

    /// <summary>Byte order.</summary>
    public static bool operator <(FeedKey left, FeedKey right) => left.CompareTo(right) < 0;

    /// <summary>Byte order.</summary>
    public static bool operator >(FeedKey left, FeedKey right) => left.CompareTo(right) > 0;

    /// <summary>Byte order.</summary>
    public static bool operator <=(FeedKey left, FeedKey right) => left.CompareTo(right) <= 0;

    /// <summary>Byte order.</summary>
    public static bool operator >=(FeedKey left, FeedKey right) => left.CompareTo(right) >= 0;

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 20 ? s : s[..20] + "…";

}

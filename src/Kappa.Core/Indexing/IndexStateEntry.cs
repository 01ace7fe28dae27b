namespace Kappa.Core.Indexing;

/// <summary>
/// One feed's indexing position in an <see cref="IndexState"/>: the feed's 32-byte public key and
/// <see cref="Max"/>, the number of its entries already indexed (the next <c>seq</c> to map).
/// multifeed-index 3.4.2 also stores a <c>min</c>, which is always 0 and never read; it is not modelled.
/// Immutable; equality compares the key bytes and the position.
/// </summary>
public readonly struct IndexStateEntry : IEquatable<IndexStateEntry>
{
    private readonly byte[] _feedKey;

    /// <summary>Creates an entry; the key is copied.</summary>
    /// <exception cref="ArgumentException">The key is not exactly 32 bytes.</exception>
    public IndexStateEntry(ReadOnlySpan<byte> feedKey, uint max)
    {
        if (feedKey.Length != IndexState.FeedKeyLength)
            throw new ArgumentException($"A feed key is {IndexState.FeedKeyLength} bytes, got {feedKey.Length}.", nameof(feedKey));
        _feedKey = feedKey.ToArray();
        Max = max;
    }

    /// <summary>The feed's public key (32 bytes).</summary>
    public ReadOnlySpan<byte> FeedKey => _feedKey;

    /// <summary>The feed key as 64 lowercase hex digits (how multifeed-index names it).</summary>
    public string FeedKeyHex => Convert.ToHexStringLower(_feedKey ?? []);

    /// <summary>Entries indexed so far: the next sequence number the view will map.</summary>
    public uint Max { get; }

    /// <inheritdoc />
    public bool Equals(IndexStateEntry other) => Max == other.Max && FeedKey.SequenceEqual(other.FeedKey);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IndexStateEntry other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(FeedKey);
        hash.Add(Max);
        return hash.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(IndexStateEntry left, IndexStateEntry right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(IndexStateEntry left, IndexStateEntry right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => $"{FeedKeyHex}@{Max}";
}

namespace Kappa.Core.Stores;

/// <summary>Which keys a scan covers: [Start, End) and/or a prefix, forward or reverse, at most Limit entries.</summary>
public sealed record ScanRange
{
    /// <summary>First key included (null: from the first key).</summary>
    public byte[]? Start { get; init; }

    /// <summary>First key excluded (null: to the last key).</summary>
    public byte[]? End { get; init; }

    /// <summary>Only keys starting with these bytes.</summary>
    public byte[]? Prefix { get; init; }

    /// <summary>Largest keys first.</summary>
    public bool Reverse { get; init; }

    /// <summary>At most this many entries (null: all).</summary>
    public int? Limit { get; init; }

    /// <summary>Every key starting with <paramref name="prefix"/>.</summary>
    public static ScanRange WithPrefix(ReadOnlySpan<byte> prefix) => new() { Prefix = prefix.ToArray() };

    /// <summary>
    /// The smallest key greater than every key starting with <paramref name="prefix"/> (null when
    /// the prefix is all 0xFF): the exclusive end of a prefix, for views that build their own ranges.
    /// </summary>
    public static byte[]? PrefixEnd(ReadOnlySpan<byte> prefix) => ByteOrder.PrefixEnd(prefix);

    /// <summary>The effective [lower, upper) bounds: Start/End intersected with the prefix range (upper null = unbounded).</summary>
    internal (byte[] Lower, byte[]? Upper) Bounds()
    {
        var lower = Start ?? [];
        var upper = End;
        if (Prefix is { Length: > 0 } p)
        {
            if (ByteOrder.Compare(lower, p) < 0) lower = p;
            var after = ByteOrder.PrefixEnd(p);
            if (after is not null && (upper is null || ByteOrder.Compare(after, upper) < 0)) upper = after;
        }
        return (lower, upper);
    }
}

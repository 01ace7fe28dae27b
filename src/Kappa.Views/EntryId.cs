using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using Kappa.Core;
using Kappa.Hypercore.Crypto;

namespace Kappa.Views;

/// <summary>
/// The id of one log entry as the JS helper views spell it: <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c>
/// (kappa-view-kv splits on <c>@</c>; kappa-osm and Cabal build ids this way). Only the canonical
/// spelling parses — 64 lowercase hex digits, <c>@</c>, a decimal seq without sign or leading
/// zeros — so an id and its text map one to one (JS compares ids as strings: "AB…@1" is another id).
/// Ordered by feed key (the same as ordinal order of the lowercase hex), then seq as a number.
/// </summary>
public readonly struct EntryId : IEquatable<EntryId>, IComparable<EntryId>
{
    /// <summary>Bytes of <see cref="WriteTo"/>: the feed key, then the seq as u64 big-endian (so byte order = id order).</summary>
    public const int EncodedSize = FeedKey.Size + 8;

    /// <summary>The id of entry <paramref name="seq"/> of feed <paramref name="feed"/>.</summary>
    public EntryId(FeedKey feed, long seq)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        Feed = feed;
        Seq = seq;
    }

    /// <summary>The feed.</summary>
    public FeedKey Feed { get; }

    /// <summary>The entry's index in its feed.</summary>
    public long Seq { get; }

    /// <summary>The id of an entry handed to a view.</summary>
    public static EntryId Of(in KappaEntry entry) => new(entry.Key, entry.Seq);

    /// <summary>Parses the canonical text form.</summary>
    /// <exception cref="FormatException">Not <c>"&lt;64 lowercase hex&gt;@&lt;seq&gt;"</c>.</exception>
    public static EntryId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"An entry id is \"<64 lowercase hex>@<seq>\"; got \"{(text is { Length: > 80 } ? text[..80] + "…" : text)}\".");

    /// <summary>Parses the canonical text form; false for anything else (uppercase hex, leading zeros, signs, spaces).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EntryId id) => TryParse(text.AsSpan(), out id);

    /// <inheritdoc cref="TryParse(string?, out EntryId)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out EntryId id)
    {
        Span<byte> key = stackalloc byte[FeedKey.Size];
        if (!TryParse(text, key, out var seq))
        {
            id = default;
            return false;
        }
        id = new EntryId(new FeedKey(key), seq);
        return true;
    }

    /// <summary>
    /// The canonical text as UTF-8 bytes (a JSON string read in place, no string built): its feed
    /// key into <paramref name="feed"/> (<see cref="FeedKey.Size"/> bytes) and its seq; false for
    /// anything else, exactly as <see cref="TryParse(string?, out EntryId)"/>.
    /// </summary>
    internal static bool TryParseUtf8(ReadOnlySpan<byte> utf8, Span<byte> feed, out long seq) => TryParse(utf8, feed, out seq);

    // The spelling rules, once for UTF-16 text and UTF-8 bytes alike.
    private static bool TryParse<TChar>(ReadOnlySpan<TChar> text, Span<byte> feed, out long seq)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        seq = 0;
        const int hex = 2 * FeedKey.Size;
        if (text.Length < hex + 2 || int.CreateTruncating(text[hex]) != '@') return false;
        var digits = text[(hex + 1)..];
        if (digits.Length > 18 || (digits.Length > 1 && int.CreateTruncating(digits[0]) == '0')) return false;
        foreach (var c in digits)
        {
            var digit = int.CreateTruncating(c) - '0';
            if ((uint)digit > 9) return false;
            seq = seq * 10 + digit;
        }
        for (var i = 0; i < FeedKey.Size; i++)
        {
            var high = LowerHexDigit(int.CreateTruncating(text[2 * i]));
            var low = LowerHexDigit(int.CreateTruncating(text[2 * i + 1]));
            if ((high | low) < 0) return false;
            feed[i] = (byte)((high << 4) | low);
        }
        return true;
    }

    private static int LowerHexDigit(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };

    /// <summary>Writes <see cref="EncodedSize"/> bytes whose unsigned byte order is the id order.</summary>
    public void WriteTo(Span<byte> destination)
    {
        Feed.Span.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[FeedKey.Size..], (ulong)Seq);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote.</summary>
    public static EntryId ReadFrom(ReadOnlySpan<byte> source) =>
        new(new FeedKey(source[..FeedKey.Size]), (long)BinaryPrimitives.ReadUInt64BigEndian(source[FeedKey.Size..EncodedSize]));

    /// <summary>The canonical text, <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Feed}@{Seq}");

    /// <inheritdoc />
    public bool Equals(EntryId other) => Seq == other.Seq && Feed.Equals(other.Feed);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EntryId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Feed, Seq);

    /// <summary>By feed key (= ordinal order of the hex), then seq numerically.</summary>
    public int CompareTo(EntryId other)
    {
        var c = Feed.CompareTo(other.Feed);
        return c != 0 ? c : Seq.CompareTo(other.Seq);
    }

    /// <summary>Equal ids.</summary>
    public static bool operator ==(EntryId left, EntryId right) => left.Equals(right);

    /// <summary>Different ids.</summary>
    public static bool operator !=(EntryId left, EntryId right) => !left.Equals(right);

    /// <summary>Ordered before.</summary>
    public static bool operator <(EntryId left, EntryId right) => left.CompareTo(right) < 0;

    /// <summary>Ordered after.</summary>
    public static bool operator >(EntryId left, EntryId right) => left.CompareTo(right) > 0;

    /// <summary>Ordered before or equal.</summary>
    public static bool operator <=(EntryId left, EntryId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordered after or equal.</summary>
    public static bool operator >=(EntryId left, EntryId right) => left.CompareTo(right) >= 0;
}

using System.Text;
using System.Text.Json;

namespace Kappa.Views.List;

/// <summary>The kind of a <see cref="SortValue"/>, in collation order.</summary>
public enum SortKind
{
    /// <summary>JSON null.</summary>
    Null = 0,
    /// <summary>JSON false.</summary>
    False = 1,
    /// <summary>JSON true.</summary>
    True = 2,
    /// <summary>A number (IEEE double), compared numerically.</summary>
    Number = 3,
    /// <summary>A string, compared by its UTF-8 bytes (ordinal, code point order).</summary>
    Text = 4,
}

/// <summary>
/// A typed value that lists and query indexes sort by. Collation: null &lt; false &lt; true &lt;
/// numbers &lt; strings; numbers numerically (kappa-view-list compared them as strings, so 10 &lt;
/// 9), strings by UTF-8 bytes. A number never equals a string that looks like it (100 ≠ "100").
/// Immutable; equal values have equal encodings (<c>-0</c> is <c>0</c>).
/// </summary>
public readonly struct SortValue : IEquatable<SortValue>, IComparable<SortValue>
{
    private readonly double _number;
    private readonly string? _string;

    private SortValue(SortKind kind, double number, string? text)
    {
        Kind = kind;
        _number = number;
        _string = text;
    }

    /// <summary>Which kind of value this is.</summary>
    public SortKind Kind { get; }

    /// <summary>The number (only when <see cref="Kind"/> is <see cref="SortKind.Number"/>).</summary>
    public double Number => Kind == SortKind.Number ? _number : throw new InvalidOperationException($"a {Kind} is not a number");

    /// <summary>The string (only when <see cref="Kind"/> is <see cref="SortKind.Text"/>).</summary>
    public string Text => Kind == SortKind.Text ? _string! : throw new InvalidOperationException($"a {Kind} is not a string");

    /// <summary>JSON null.</summary>
    public static SortValue Null => default;

    /// <summary>A boolean.</summary>
    public static SortValue Boolean(bool value) => new(value ? SortKind.True : SortKind.False, 0, null);

    /// <summary>A number; NaN is refused (JSON has none), -0 becomes 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN.</exception>
    public static SortValue FromNumber(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException("NaN has no place in a sort order", nameof(value));
        return new(SortKind.Number, value == 0 ? 0 : value, null);
    }

    /// <summary>A string.</summary>
    public static SortValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(SortKind.Text, 0, value);
    }

    /// <summary>A number.</summary>
    public static implicit operator SortValue(double value) => FromNumber(value);

    /// <summary>A string.</summary>
    public static implicit operator SortValue(string value) => FromString(value);

    /// <summary>The value of a JSON scalar; false for objects and arrays (and numbers beyond double's range).</summary>
    public static bool TryFromJson(JsonElement element, out SortValue value)
    {
        value = default;
        switch (element.ValueKind)
        {
            case JsonValueKind.Null: return true;
            case JsonValueKind.True: value = Boolean(true); return true;
            case JsonValueKind.False: value = Boolean(false); return true;
            case JsonValueKind.String: value = FromString(element.GetString()!); return true;
            case JsonValueKind.Number:
                if (!element.TryGetDouble(out var d) || double.IsInfinity(d)) return false;
                value = FromNumber(d);
                return true;
            default: return false;
        }
    }

    /// <summary>Parses command-line text: JSON when it is a JSON scalar, otherwise the text as a string.</summary>
    public static SortValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (TryFromJson(doc.RootElement, out var v)) return v;
        }
        catch (JsonException) { }
        return FromString(text);
    }

    /// <inheritdoc />
    public int CompareTo(SortValue other)
    {
        if (Kind != other.Kind) return Kind.CompareTo(other.Kind);
        return Kind switch
        {
            SortKind.Number => _number.CompareTo(other._number),
            SortKind.Text => CompareUtf8(_string!, other._string!),
            _ => 0,
        };
    }

    /// <inheritdoc />
    public bool Equals(SortValue other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SortValue v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _number, _string is null ? 0 : StringComparer.Ordinal.GetHashCode(_string));

    /// <summary>The value as JSON text (<c>1.5</c>, <c>"a"</c>, <c>true</c>, <c>null</c>).</summary>
    public override string ToString() => Kind switch
    {
        SortKind.Null => "null",
        SortKind.False => "false",
        SortKind.True => "true",
        _ => Json(this),
    };

    /// <summary>Numbers and strings as JSON.stringify writes them.</summary>
    private static string Json(SortValue v)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(32);
        if (v.Kind == SortKind.Number) Kappa.Hypercore.Json.JsJson.WriteNumber(v._number, buffer);
        else Kappa.Hypercore.Json.JsJson.WriteString(v._string, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Compares.</summary>
    public static bool operator ==(SortValue left, SortValue right) => left.Equals(right);

    /// <summary>Compares.</summary>
    public static bool operator !=(SortValue left, SortValue right) => !left.Equals(right);

    /// <summary>Compares.</summary>
    public static bool operator <(SortValue left, SortValue right) => left.CompareTo(right) < 0;

    /// <summary>Compares.</summary>
    public static bool operator >(SortValue left, SortValue right) => left.CompareTo(right) > 0;

    /// <summary>Compares.</summary>
    public static bool operator <=(SortValue left, SortValue right) => left.CompareTo(right) <= 0;

    /// <summary>Compares.</summary>
    public static bool operator >=(SortValue left, SortValue right) => left.CompareTo(right) >= 0;

    /// <summary>UTF-8 byte order is code point order (UTF-16 ordinal is not, above U+D7FF).</summary>
    private static int CompareUtf8(string a, string b)
    {
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var hasA = ea.MoveNext();
            var hasB = eb.MoveNext();
            if (!hasA || !hasB) return hasA.CompareTo(hasB);
            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0) return c;
        }
    }

    internal static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
}

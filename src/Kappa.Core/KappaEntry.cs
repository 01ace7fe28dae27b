using System.Runtime.CompilerServices;
using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Core;

/// <summary>
/// One entry handed to a view's map: which feed, which sequence number, and the verified block.
/// Decode it with <see cref="Value{T}"/> (the store's value encoding); the bytes stay valid after
/// the map returns.
/// </summary>
public readonly struct KappaEntry
{
    private readonly ValueEncoding _encoding;

    internal KappaEntry(FeedKey key, long seq, ReadOnlyMemory<byte> data, ValueEncoding encoding)
    {
        Key = key;
        Seq = seq;
        Data = data;
        _encoding = encoding;
    }

    /// <summary>The feed the entry belongs to.</summary>
    public FeedKey Key { get; }

    /// <summary>The entry's index in its feed.</summary>
    public long Seq { get; }

    /// <summary>The block's bytes, as stored.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The value decoded with the store's encoding (e.g. <c>Value&lt;double&gt;()</c>, <c>Value&lt;JsonElement&gt;()</c>).</summary>
    /// <exception cref="FeedException">The block is not a value of type <typeparamref name="T"/>.</exception>
    public T Value<T>() => _encoding.Decode<T>(Data.Span);

    /// <summary>
    /// The value as a number when it is one: a JSON number, not a string that looks like one
    /// (the seed README's JS sum view concatenates such strings; we never do).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetNumber(out double number)
    {
        number = 0;
        if (_encoding != ValueEncoding.Json) return false;
        if (TryParseInteger(Data.Span, out var integer))
        {
            number = integer;
            return true;
        }
        var reader = new Utf8JsonReader(Data.Span);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out number)) return false;
            return !reader.Read(); // exactly one value
        }
        catch (JsonException) { return false; }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key}@{Seq}";

    /// <summary>Fast path for the common case, a plain JSON integer (<c>-?(0|[1-9][0-9]*)</c> then a newline) of up to 15 digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseInteger(ReadOnlySpan<byte> json, out long value)
    {
        value = 0;
        var i = 0;
        var negative = json.Length > 0 && json[0] == (byte)'-';
        if (negative) i++;
        var start = i;
        while (i < json.Length && json[i] is >= (byte)'0' and <= (byte)'9')
        {
            value = value * 10 + (json[i] - '0');
            i++;
        }
        var digits = i - start;
        if (digits is 0 or > 15 || (digits > 1 && json[start] == '0')) return false;
        if (i < json.Length && !(json[i] == '\n' && i == json.Length - 1)) return false;
        if (negative) value = -value;
        return true;
    }
}

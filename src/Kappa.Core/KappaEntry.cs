using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Core;

/// <summary>
/// One entry handed to a view's map: which feed, which sequence number, and the verified block.
/// Decode it with <see cref="Value{T}"/> (the store's value encoding); the bytes stay valid after
/// the map returns.
/// </summary>
public sealed class KappaEntry
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
    public bool TryGetNumber(out double number)
    {
        number = 0;
        if (_encoding != ValueEncoding.Json) return false;
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
}

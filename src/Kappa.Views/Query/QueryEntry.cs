using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Views.Query;

/// <summary>One result of a query: which entry, and its block as stored in its feed.</summary>
public sealed class QueryEntry
{
    private readonly ValueEncoding _encoding;

    internal QueryEntry(FeedKey feed, long seq, ReadOnlyMemory<byte> data, ValueEncoding encoding)
    {
        Feed = feed;
        Seq = seq;
        Data = data;
        _encoding = encoding;
    }

    /// <summary>The feed the entry belongs to.</summary>
    public FeedKey Feed { get; }

    /// <summary>The entry's id, <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c>.</summary>
    public EntryId Id => new(Feed, Seq);

    /// <summary>The entry's seq in its feed.</summary>
    public long Seq { get; }

    /// <summary>The block's bytes (JSON text and a newline).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The value decoded with the store's value encoding.</summary>
    public T Value<T>() => _encoding.Decode<T>(Data.Span);

    /// <summary>The value as a JSON element.</summary>
    public JsonElement Json() => Value<JsonElement>();

    /// <inheritdoc />
    public override string ToString() => $"{Feed}@{Seq}";
}

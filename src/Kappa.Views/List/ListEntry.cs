using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Views.List;

/// <summary>One entry of a list: where it sits (<see cref="Position"/>) and the entry's block as stored in its feed.</summary>
public sealed class ListEntry
{
    private readonly ValueEncoding _encoding;

    internal ListEntry(string? partition, ListPosition position, ReadOnlyMemory<byte> data, ValueEncoding encoding)
    {
        Partition = partition;
        Position = position;
        Data = data;
        _encoding = encoding;
    }

    /// <summary>The partition the entry is listed in (null in a list without partitions).</summary>
    public string? Partition { get; }

    /// <summary>Sort value, feed and seq: the entry's place in the list, and a cursor for paging.</summary>
    public ListPosition Position { get; }

    /// <summary>The entry's id, <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c>.</summary>
    public EntryId Id => Position.Id;

    /// <summary>The sort value.</summary>
    public SortValue Sort => Position.Sort;

    /// <summary>The feed the entry belongs to.</summary>
    public FeedKey Feed => Position.Feed;

    /// <summary>The entry's seq in its feed.</summary>
    public long Seq => Position.Seq;

    /// <summary>The block's bytes (for JSON stores: the JSON text and a newline).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The value decoded with the store's value encoding.</summary>
    public T Value<T>() => _encoding.Decode<T>(Data.Span);

    /// <summary>The value as a JSON element (JSON stores).</summary>
    public JsonElement Json() => Value<JsonElement>();

    /// <inheritdoc />
    public override string ToString() => $"{Partition}/{Position}";
}

using System.Buffers;
using System.Runtime.CompilerServices;
using Kappa.Core.Stores;
using Kappa.Hypercore.Crypto;

namespace Kappa.Views.List;

public sealed partial class ListView
{
    /// <summary>
    /// The entries <paramref name="query"/> selects, in list order (or reversed), read from one
    /// snapshot. First waits until this view (not the others) has indexed everything stored when
    /// called; throws that view's error if it is faulted.
    /// </summary>
    public async IAsyncEnumerable<ListEntry> ReadAsync(ListQuery? query = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await WaitAsync(ct).ConfigureAwait(false);
        await foreach (var entry in ReadCoreAsync(query ?? new ListQuery(), ct).ConfigureAwait(false))
            yield return entry;
    }

    /// <summary>The entries <paramref name="query"/> selects, as a list (a page: set <see cref="ListQuery.Limit"/>).</summary>
    public async Task<IReadOnlyList<ListEntry>> PageAsync(ListQuery query, CancellationToken ct = default)
    {
        var page = new List<ListEntry>();
        await foreach (var entry in ReadAsync(query, ct).ConfigureAwait(false)) page.Add(entry);
        return page;
    }

    /// <summary>Where entry <paramref name="id"/> sits in <paramref name="partition"/>, or null if it is not listed there.</summary>
    public Task<ListPosition?> PositionAsync(string? partition, EntryId id, CancellationToken ct = default) => PositionAsync(partition, id.Feed, id.Seq, ct);

    /// <summary>Where entry <paramref name="feed"/>@<paramref name="seq"/> sits in <paramref name="partition"/>, or null if it is not listed there.</summary>
    public async Task<ListPosition?> PositionAsync(string? partition, FeedKey feed, long seq, CancellationToken ct = default)
    {
        await WaitAsync(ct).ConfigureAwait(false);
        var key = new ArrayBufferWriter<byte>(64);
        key.Write([PositionTag]);
        KeyCodec.WritePartition(key, partition);
        KeyCodec.WriteId(key, feed, seq);
        var sort = await Data.GetAsync(key.WrittenMemory, ct).ConfigureAwait(false);
        if (sort is null) return null;
        KeyCodec.ReadValue(sort, out var value);
        return new ListPosition(value, feed, seq);
    }

    private async IAsyncEnumerable<ListEntry> ReadCoreAsync(ListQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        if (query.Limit is <= 0) yield break;
        var prefixWriter = new ArrayBufferWriter<byte>(64);
        prefixWriter.Write([EntryTag]);
        KeyCodec.WritePartition(prefixWriter, query.Partition);
        var prefix = prefixWriter.WrittenSpan.ToArray();
        var (start, end) = Bounds(prefix, query);
        if (end is not null && start.AsSpan().SequenceCompareTo(end) >= 0) yield break;
        var range = new ScanRange { Start = start, End = end, Reverse = query.Reverse, Limit = query.Where is null ? query.Limit : null };
        var taken = 0;
        await foreach (var (key, value) in Data.ScanAsync(range, ct).ConfigureAwait(false))
        {
            var entry = Decode(query.Partition, prefix.Length, key, value);
            if (query.Where is { } where && !where(entry)) continue;
            yield return entry;
            if (query.Limit is { } limit && ++taken >= limit) yield break;
        }
    }

    /// <summary>[start, end) in key space for the partition, value bounds (inclusive) and cursors (exclusive).</summary>
    private static (byte[] Start, byte[]? End) Bounds(byte[] prefix, ListQuery query)
    {
        var start = prefix;
        var end = ScanRange.PrefixEnd(prefix);
        var w = new ArrayBufferWriter<byte>(96);
        if (query.From is { } from) start = KeyCodec.Max(start, Key(w, prefix, from, null));
        if (query.After is { } after)
        {
            var key = Key(w, prefix, after.Sort, after);
            start = KeyCodec.Max(start, [.. key, 0x00]); // the smallest key after the cursor's
        }
        if (query.To is { } to && ScanRange.PrefixEnd(Key(w, prefix, to, null)) is { } toEnd) end = KeyCodec.Min(end, toEnd);
        if (query.Before is { } before) end = KeyCodec.Min(end, Key(w, prefix, before.Sort, before));
        return (start, end);
    }

    private static byte[] Key(ArrayBufferWriter<byte> w, byte[] prefix, SortValue sort, ListPosition? id)
    {
        w.ResetWrittenCount();
        w.Write(prefix);
        KeyCodec.WriteValue(w, sort);
        if (id is { } p) KeyCodec.WriteId(w, p.Feed, p.Seq);
        return w.WrittenSpan.ToArray();
    }

    private ListEntry Decode(string? partition, int prefixLength, byte[] key, byte[] value)
    {
        var span = key.AsSpan(prefixLength);
        KeyCodec.ReadValue(span, out var sort);
        var (feed, seq) = KeyCodec.ReadId(span[^KeyCodec.IdSize..]);
        return new ListEntry(partition, new ListPosition(sort, feed, seq), value, _encoding);
    }
}

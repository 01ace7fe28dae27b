using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Kappa.Core.Stores;
using Kappa.Views.List;

namespace Kappa.Views.Query;

public sealed partial class QueryView
{
    /// <summary>
    /// The entries matching <paramref name="query"/>, in its sort order (or the chosen index's order),
    /// reversed if asked, at most its limit. First waits until this view (not the others) has indexed
    /// everything stored when called; throws the view's error if it is faulted.
    /// </summary>
    /// <exception cref="ArgumentException">The query is malformed.</exception>
    public async IAsyncEnumerable<QueryEntry> ReadAsync(Query query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var plan = Explain(query);
        await WaitAsync(ct).ConfigureAwait(false);
        await foreach (var entry in ReadCoreAsync(query, plan, ct).ConfigureAwait(false)) yield return entry;
    }

    /// <summary>The entries matching <paramref name="query"/>, as a list.</summary>
    public async Task<IReadOnlyList<QueryEntry>> ToListAsync(Query query, CancellationToken ct = default)
    {
        var results = new List<QueryEntry>();
        await foreach (var entry in ReadAsync(query, ct).ConfigureAwait(false)) results.Add(entry);
        return results;
    }

    private async IAsyncEnumerable<QueryEntry> ReadCoreAsync(Query query, QueryPlan plan, [EnumeratorCancellation] CancellationToken ct)
    {
        if (query.Limit == 0) yield break;
        var reverse = plan.SortServed && query.Reverse;
        var scanned = plan.Index is null ? ScanAllAsync(reverse, ct) : ScanIndexAsync(plan, reverse, ct);
        var sortPath = query.Sort is null ? null : JsonPath.Parse(query.Sort);
        if (plan.SortServed)
        {
            var taken = 0;
            await foreach (var entry in scanned.ConfigureAwait(false))
            {
                if (!Matches(entry, plan.Residual, plan.Index is null ? sortPath : null, out _)) continue;
                yield return entry;
                if (++taken == query.Limit) yield break;
            }
            yield break;
        }
        var matches = new List<(SortValue Sort, QueryEntry Entry)>();
        await foreach (var entry in scanned.ConfigureAwait(false))
            if (Matches(entry, plan.Residual, sortPath, out var sort)) matches.Add((sort, entry));
        matches.Sort((x, y) => Compare(x.Sort, x.Entry, y.Sort, y.Entry));
        if (query.Reverse) matches.Reverse();
        foreach (var (_, entry) in matches.Take(query.Limit ?? int.MaxValue)) yield return entry;
    }

    /// <summary>Whether the entry passes <paramref name="conditions"/> and (when sorting) has a scalar at the sort path.</summary>
    private static bool Matches(QueryEntry entry, IReadOnlyList<QueryCondition> conditions, JsonPath? sortPath, out SortValue sort)
    {
        sort = default;
        if (conditions.Count == 0 && sortPath is null) return true;
        using var doc = JsonDocument.Parse(entry.Data);
        foreach (var c in conditions)
            if (!c.Matches(doc.RootElement)) return false;
        return sortPath is null || (sortPath.TryGet(doc.RootElement, out var found) && SortValue.TryFromJson(found, out sort));
    }

    private static int Compare(SortValue a, QueryEntry x, SortValue b, QueryEntry y)
    {
        var c = a.CompareTo(b);
        if (c != 0) return c;
        c = x.Feed.CompareTo(y.Feed);
        return c != 0 ? c : x.Seq.CompareTo(y.Seq);
    }

    private async IAsyncEnumerable<QueryEntry> ScanAllAsync(bool reverse, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (key, value) in Data.ScanAsync(new ScanRange { Prefix = [AllTag], Reverse = reverse }, ct).ConfigureAwait(false))
        {
            var (feed, seq) = KeyCodec.ReadId(key.AsSpan(1));
            yield return new QueryEntry(feed, seq, value, _encoding);
        }
    }

    private async IAsyncEnumerable<QueryEntry> ScanIndexAsync(QueryPlan plan, bool reverse, [EnumeratorCancellation] CancellationToken ct)
    {
        var w = new ArrayBufferWriter<byte>(128);
        IndexPrefix(w, plan.Index!);
        foreach (var eq in plan.Equalities) KeyCodec.WriteValue(w, eq.Equal!.Value);
        var prefix = w.WrittenSpan.ToArray();
        var (start, end) = plan.Range is { } range ? RangeBounds(prefix, range) : (prefix, ScanRange.PrefixEnd(prefix));
        if (end is not null && start.AsSpan().SequenceCompareTo(end) >= 0) yield break;
        var allKey = new byte[1 + KeyCodec.IdSize];
        allKey[0] = AllTag;
        await foreach (var (key, _) in Data.ScanAsync(new ScanRange { Start = start, End = end, Reverse = reverse }, ct).ConfigureAwait(false))
        {
            key.AsSpan(key.Length - KeyCodec.IdSize).CopyTo(allKey.AsSpan(1));
            var data = await Data.GetAsync(allKey, ct).ConfigureAwait(false);
            if (data is null) continue; // cleared under us (a version bump): the entry is gone from this view
            var (feed, seq) = KeyCodec.ReadId(allKey.AsSpan(1));
            yield return new QueryEntry(feed, seq, data, _encoding);
        }
    }

    /// <summary>Key bounds of a typed range under <paramref name="prefix"/>: only values of the bounds' kind.</summary>
    private static (byte[] Start, byte[]? End) RangeBounds(byte[] prefix, QueryCondition range)
    {
        // KeyCodec's tags: null 10, false 20, true 21, number 30, string 40.
        var (first, afterLast) = range.RangeKind!.Value switch
        {
            SortKind.Null => ((byte)0x10, (byte)0x11),
            SortKind.False => ((byte)0x20, (byte)0x22),
            SortKind.Number => ((byte)0x30, (byte)0x31),
            _ => ((byte)0x40, (byte)0x41),
        };
        byte[] start = [.. prefix, first];
        byte[] end = [.. prefix, afterLast];
        if (range.AtLeast is { } ge) start = KeyCodec.Max(start, Encode(prefix, ge));
        if (range.GreaterThan is { } gt) start = KeyCodec.Max(start, ScanRange.PrefixEnd(Encode(prefix, gt))!);
        if (range.AtMost is { } le) end = KeyCodec.Min(end, ScanRange.PrefixEnd(Encode(prefix, le))!)!; // end is bounded here
        if (range.LessThan is { } lt) end = KeyCodec.Min(end, Encode(prefix, lt))!;
        return (start, end);
    }

    private static byte[] Encode(byte[] prefix, SortValue value)
    {
        var w = new ArrayBufferWriter<byte>(prefix.Length + 16);
        w.Write(prefix);
        KeyCodec.WriteValue(w, value);
        return w.WrittenSpan.ToArray();
    }
}

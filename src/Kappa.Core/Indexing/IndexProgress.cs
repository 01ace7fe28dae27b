using System.Buffers.Binary;
using Kappa.Hypercore.Crypto;

namespace Kappa.Core.Indexing;

/// <summary>
/// A view's progress over all feeds, in the order multifeed-index keeps them (insertion order).
/// Stored as multifeed-index 3.4's state (<see cref="IndexState"/>: count ‖ (key ‖ min ‖ max)* ‖
/// version), optionally followed by our extension for ranges indexed beyond holes, which JS
/// ignores ("extra bytes beyond are ignored", indexing.md §4):
/// </summary>
/// <remarks>
/// | bytes | extension field                                    |
/// |-------|----------------------------------------------------|
/// | 4     | magic "KPX1"                                       |
/// | 4     | number of feeds with ranges (u32le)                |
/// | per feed: 4 | entry index in the base state (u32le)        |
/// |       4 | range count (u32le), then count × (start u64le, end u64le) |
/// The version is always written (views have version ≥ 1), so the extension never shifts it.
/// </remarks>
internal sealed class IndexProgress
{
    private static ReadOnlySpan<byte> Magic => "KPX1"u8;
    private readonly List<FeedKey> _order = [];
    private readonly Dictionary<FeedKey, FeedProgress> _feeds = [];

    /// <summary>The feed's progress, added at 0 (at the end of the order) when new.</summary>
    public FeedProgress For(FeedKey key)
    {
        if (_feeds.TryGetValue(key, out var p)) return p;
        p = new FeedProgress();
        _feeds[key] = p;
        _order.Add(key);
        return p;
    }

    public long IndexedCount => _feeds.Values.Sum(p => p.IndexedCount);

    /// <summary>Every feed's progress, in the stored order.</summary>
    public IEnumerable<(FeedKey Feed, FeedProgress Progress)> Feeds => _order.Select(k => (k, _feeds[k]));

    public Dictionary<FeedKey, long> PerFeed() => _feeds.ToDictionary(kv => kv.Key, kv => kv.Value.IndexedCount);

    public byte[] Encode(uint version)
    {
        var state = new IndexState(_order.Select(k => new IndexStateEntry(k.Span, checked((uint)_feeds[k].Max))), version);
        var withRanges = _order.Select((k, i) => (i, _feeds[k])).Where(x => x.Item2.Beyond.Count > 0).ToList();
        if (withRanges.Count == 0) return state.Encode();
        var size = state.EncodedLength + 8 + withRanges.Sum(x => 8 + 16 * x.Item2.Beyond.Count);
        var bytes = new byte[size];
        var o = state.Encode(bytes);
        Magic.CopyTo(bytes.AsSpan(o)); o += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(o), (uint)withRanges.Count); o += 4;
        foreach (var (index, progress) in withRanges)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(o), (uint)index); o += 4;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(o), (uint)progress.Beyond.Count); o += 4;
            foreach (var (start, end) in progress.Beyond)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(o), (ulong)start); o += 8;
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(o), (ulong)end); o += 8;
            }
        }
        return bytes;
    }

    /// <exception cref="IndexStateException">Malformed bytes.</exception>
    public static IndexProgress Decode(ReadOnlySpan<byte> bytes, out uint version)
    {
        var state = IndexState.Decode(bytes);
        version = state.Version;
        var progress = new IndexProgress();
        var byIndex = new List<FeedProgress>();
        foreach (var e in state.Entries)
        {
            var p = progress.For(new FeedKey(e.FeedKey));
            p.MarkIndexed(0, e.Max);
            byIndex.Add(p);
        }
        var rest = bytes[Math.Min(bytes.Length, state.EncodedLength)..];
        if (rest.Length < 8 || !rest[..4].SequenceEqual(Magic)) return progress;
        try
        {
            var o = 4;
            var feeds = BinaryPrimitives.ReadUInt32LittleEndian(rest[o..]); o += 4;
            for (var f = 0; f < feeds; f++)
            {
                var index = (int)BinaryPrimitives.ReadUInt32LittleEndian(rest[o..]); o += 4;
                var count = BinaryPrimitives.ReadUInt32LittleEndian(rest[o..]); o += 4;
                if (index >= byIndex.Count || count > (rest.Length - o) / 16) throw new IndexStateException("range extension points past the state");
                for (var r = 0; r < count; r++)
                {
                    var start = (long)BinaryPrimitives.ReadUInt64LittleEndian(rest[o..]);
                    var end = (long)BinaryPrimitives.ReadUInt64LittleEndian(rest[(o + 8)..]);
                    o += 16;
                    if (start < 0 || end <= start) throw new IndexStateException("invalid indexed range");
                    byIndex[index].MarkIndexed(start, end);
                }
            }
        }
        catch (ArgumentOutOfRangeException e) { throw new IndexStateException("truncated range extension", e); }
        return progress;
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Kappa.Hypercore.Crypto;

namespace Kappa.Views.KeyValue;

/// <summary>
/// What the view knows about each id it has seen, in memory, one 8-byte slot per id (open
/// addressing, linear probing): whether it is linked, indexed, indexed under several keys. A
/// canonical entry id (<see cref="KvIdCodec"/> tag 0) is held exactly — its feed as a small
/// number interned here, then its seq — so its flags are facts and the store is not read to check
/// them. Any other id (and a feed or seq too large to pack) is held as a 60-bit hash: its flags
/// only say "maybe", and the view confirms a "maybe" with a read. Replaces three
/// <c>HashSet&lt;int&gt;</c>s that cost two cache misses each per lookup (profiled: 14 % of
/// indexing, plus a store read per merge for a 32-bit "maybe linked").
/// | bits | meaning |
/// |---|---|
/// | 0–2 | <see cref="Linked"/>, <see cref="Indexed"/>, <see cref="MultiKey"/> |
/// | 3 | <see cref="InBatch"/>: indexed by the batch being mapped (cleared when it is staged) |
/// | 4–63 | exact: feed number (21 bits, from 1) ‖ seq (39 bits); hashed: 1 ‖ 59-bit hash |
/// </summary>
internal sealed class KvIdTable
{
    public const ulong Linked = 1, Indexed = 2, MultiKey = 4, InBatch = 8;
    private const int FlagBits = 4;
    private const ulong FlagMask = (1UL << FlagBits) - 1;
    private const ulong HashedBit = 1UL << 59;
    private const int SeqBits = 39;
    private const int MaxFeeds = (1 << 20) - 1;

    private readonly Dictionary<FeedBytes, ulong> _feeds = [];
    private ulong[] _slots = new ulong[1 << 12];
    private int _count;

    /// <summary>The id's 60-bit identity, and whether it is exact (flags are facts) or a hash (flags are "maybe").</summary>
    public ulong KeyOf(ReadOnlySpan<byte> encodedId, out bool exact)
    {
        if (encodedId.Length == 1 + EntryId.EncodedSize && encodedId[0] == 0)
        {
            var seq = BinaryPrimitives.ReadUInt64BigEndian(encodedId[(1 + 32)..]);
            var feedBytes = MemoryMarshal.Read<FeedBytes>(encodedId[1..]);
            if (seq < 1UL << SeqBits && FeedNumber(feedBytes) is { } feed)
            {
                exact = true;
                return (feed << SeqBits) | seq;
            }
        }
        exact = false;
        var h = new HashCode();
        h.AddBytes(encodedId);
        var low = (uint)h.ToHashCode();
        var h2 = new HashCode();
        h2.Add(0x5bd1e995);
        h2.AddBytes(encodedId);
        return HashedBit | ((((ulong)(uint)h2.ToHashCode() << 27) ^ low) & (HashedBit - 1));
    }

    /// <summary>The flags of <paramref name="key"/>, 0 when never seen.</summary>
    public ulong Flags(ulong key)
    {
        var mask = _slots.Length - 1;
        var tagged = key << FlagBits;
        for (var i = Index(key, mask); ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot == 0) return 0;
            if ((slot & ~FlagMask) == tagged) return slot & FlagMask;
        }
    }

    /// <summary>Sets <paramref name="flags"/> on <paramref name="key"/> (adding it when absent).</summary>
    public void Add(ulong key, ulong flags)
    {
        if (_count >= _slots.Length / 4 * 3) Grow();
        var mask = _slots.Length - 1;
        var tagged = key << FlagBits;
        for (var i = Index(key, mask); ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot == 0)
            {
                slot = tagged | flags;
                _count++;
                return;
            }
            if ((slot & ~FlagMask) != tagged) continue;
            slot |= flags;
            return;
        }
    }

    /// <summary>Clears <paramref name="flags"/> on <paramref name="key"/> (the slot stays: probing never meets a hole).</summary>
    public void Remove(ulong key, ulong flags)
    {
        var mask = _slots.Length - 1;
        var tagged = key << FlagBits;
        for (var i = Index(key, mask); ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot == 0) return;
            if ((slot & ~FlagMask) != tagged) continue;
            slot &= ~flags;
            return;
        }
    }

    public void Clear()
    {
        _slots = new ulong[1 << 12];
        _count = 0;
        // Feed numbers may stay: they are only names for feeds inside this process.
    }

    /// <summary>The exact key of entry <paramref name="seq"/> of <paramref name="feed"/>, as <see cref="KeyOf"/> gives for its canonical id; null when it cannot be held exactly.</summary>
    public ulong? KeyOfEntry(FeedKey feed, long seq) =>
        (ulong)seq < 1UL << SeqBits && FeedNumber(MemoryMarshal.Read<FeedBytes>(feed.Span)) is { } n ? (n << SeqBits) | (ulong)seq : null;

    /// <summary>The feed number of an exact key (see <see cref="KeyOfEntry"/>).</summary>
    public static ulong FeedOf(ulong exactKey) => exactKey >> SeqBits;

    /// <summary>The seq of an exact key.</summary>
    public static long SeqOf(ulong exactKey) => (long)(exactKey & ((1UL << SeqBits) - 1));

    private ulong? FeedNumber(in FeedBytes feed)
    {
        if (_feeds.TryGetValue(feed, out var n)) return n;
        if (_feeds.Count >= MaxFeeds) return null;
        n = (ulong)_feeds.Count + 1;
        _feeds.Add(feed, n);
        return n;
    }

    private static int Index(ulong key, int mask) => (int)((key * 0x9E3779B97F4A7C15UL) >> 40) & mask;

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot == 0) continue;
            var i = Index(slot >> FlagBits, mask);
            while (_slots[i] != 0) i = (i + 1) & mask;
            _slots[i] = slot;
        }
    }

    /// <summary>A feed key as a value (no allocation to look it up).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct FeedBytes(ulong A, ulong B, ulong C, ulong D);
}

using System.Runtime.CompilerServices;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Bitfield;

/// <summary>
/// The hypercore 8 <c>bitfield</c> file (sparse-bitfield 3.0.3 over memory-pager 1.5.0 pages),
/// hypercore-storage.md §7. After the 32-byte header, pages of 3584 bytes:
/// </summary>
/// <remarks>
/// | page bytes | region | bit k means                                       |
/// |------------|--------|---------------------------------------------------|
/// | 0–1023     | data   | block k is stored (8192 blocks per page)          |
/// | 1024–3071  | tree   | tree node k is stored (16384 nodes per page)      |
/// | 3072–3583  | index  | 2-bit summaries of data bytes (search hint only)  |
/// Bits are MSB first. Only changed pages are written, always whole. Not thread-safe: the
/// owning feed serialises mutation; readers of single bits tolerate concurrent writes.
/// </remarks>
internal sealed partial class FeedBitfield
{
    public const int PageSize = 3584;
    private const int DataBytesPerPage = 1024;
    private const int TreeBytesPerPage = 2048;
    private const int IndexBytesPerPage = 512;
    private const int TreeOffset = 1024;
    private const int IndexOffset = 3072;
    /// <summary>Feeds are capped at 2^32 blocks so hostile indices cannot make the page table huge.</summary>
    public const ulong MaxBlocks = 1UL << 32;

    private byte[]?[] _pages = new byte[]?[4];
    // Pages changed since TakeDirty, each once (flagged in _isDirty, same indices as _pages). Was a
    // SortedSet<int>: an insert per bit set was a few per cent of a batched append, and its code
    // for int is not precompiled, so every process JIT-compiled a dozen of its methods.
    private readonly List<int> _dirty = [];
    private bool[] _isDirty = new bool[4];
    // memory-pager `length`: highest allocated page + 1 (drives the index's reach).
    private int _pageCount;
    // sparse-bitfield `byteLength` of the data and index regions (their `_expand` triggers).
    private long _dataByteLength;
    private long _indexByteLength;

    public FeedBitfield() => Tree = new TreeRegion(this);

    /// <summary>The tree region as a node set.</summary>
    public ITreeBits Tree { get; }

    /// <summary>Number of data bits that can be set (8 × data byte length): hypercore's <c>bitfield.length</c>.</summary>
    public long DataBitLength => _dataByteLength * 8;

    /// <summary>Reads every page of an existing file (a short last page is zero-padded).</summary>
    public static FeedBitfield Load(IRandomAccessStorage file)
    {
        var bf = new FeedBitfield();
        var size = file.Length - 32;
        if (size <= 0) return bf;
        var count = (int)((size + PageSize - 1) / PageSize);
        var all = new byte[(long)count * PageSize];
        file.Read(32, all);
        for (var p = 0; p < count; p++)
        {
            var page = bf.Allocate(p);
            all.AsSpan(p * PageSize, PageSize).CopyTo(page);
        }
        bf._dataByteLength = (long)count * DataBytesPerPage;
        bf._indexByteLength = (long)count * IndexBytesPerPage;
        bf.RecomputeHighestTree();
        return bf;
    }

    public bool HasData(ulong block)
    {
        var b = GetByte(block >> 3, DataBytesPerPage, 0);
        return (b & (0x80 >> (int)(block & 7))) != 0;
    }

    /// <summary>
    /// The first block in [<paramref name="start"/>, <paramref name="end"/>) whose data bit is
    /// clear, or <paramref name="end"/>: whole bytes of stored blocks are skipped a page slice at a
    /// time (vectorised), so asking about a long, fully stored feed costs microseconds, not a call per block.
    /// </summary>
    public long FirstMissingData(long start, long end)
    {
        var block = start;
        for (; block < end && (block & 7) != 0; block++)
            if (!HasData((ulong)block)) return block;
        var b = block >> 3;
        var wholeBytesEnd = end >> 3;
        while (b < wholeBytesEnd)
        {
            var p = b / DataBytesPerPage;
            var offset = (int)(b % DataBytesPerPage);
            var count = (int)Math.Min(DataBytesPerPage - offset, wholeBytesEnd - b);
            var page = p < _pageCount ? _pages[p] : null;
            if (page is null) break; // a missing page: its first block is missing
            var notFull = page.AsSpan(offset, count).IndexOfAnyExcept((byte)0xFF);
            if (notFull >= 0)
            {
                b += notFull;
                break;
            }
            b += count;
        }
        // Fewer than 8 blocks remain, or byte b holds the first missing block.
        for (block = b << 3; block < end; block++)
            if (!HasData((ulong)block)) return block;
        return end;
    }

    /// <summary>Sets or clears one data bit, keeping the index region exactly as hypercore does; false when unchanged.</summary>
    public bool SetData(ulong block, bool value)
    {
        if (block >= MaxBlocks) throw new ArgumentOutOfRangeException(nameof(block), "Feeds are limited to 2^32 blocks.");
        var i = (long)(block >> 3);
        var mask = 0x80 >> (int)(block & 7);
        var old = GetByte((ulong)i, DataBytesPerPage, 0);
        var v = (byte)(value ? old | mask : old & ~mask);
        if (!SetByte(i, DataBytesPerPage, 0, v, ref _dataByteLength)) return false;
        SetIndex(i, v);
        return true;
    }

    /// <summary>A copy of data-bitfield bytes starting at byte <paramref name="firstByte"/> (zero where no page exists).</summary>
    public void CopyDataBytes(long firstByte, Span<byte> destination)
    {
        for (var k = 0; k < destination.Length; k++)
            destination[k] = GetByte((ulong)(firstByte + k), DataBytesPerPage, 0);
    }

    /// <summary>Pages changed since the last call, in page order, with their bytes (the caller writes them whole).</summary>
    public IEnumerable<(int Page, byte[] Bytes)> TakeDirty()
    {
        var pages = _dirty.ToArray();
        Array.Sort(pages);
        _dirty.Clear();
        foreach (var p in pages) _isDirty[p] = false;
        foreach (var p in pages) yield return (p, _pages[p]!);
    }

    public bool HasDirty => _dirty.Count > 0;

    /// <summary>Whether exactly blocks 0 … <paramref name="length"/>-1 are marked stored (a writer's bitfield).</summary>
    public bool HasExactly(long length)
    {
        var full = length >> 3;
        var rest = (int)(length & 7);
        var expected = rest == 0 ? 0 : (byte)(0xFF << (8 - rest));
        if (!DataBytesAre(0, full, 0xFF)) return false;
        if (full < _dataByteLength && GetByte((ulong)full, DataBytesPerPage, 0) != expected) return false;
        if (full >= _dataByteLength && expected != 0) return false;
        return DataBytesAre(full + 1, _dataByteLength, 0);
    }

    // Whether data bytes [from, to) all equal value (a missing page is zeros), a page slice at a time:
    // every writer open checks its whole bitfield, so this runs vectorised, not per byte.
    private bool DataBytesAre(long from, long to, byte value)
    {
        while (from < to)
        {
            var p = from / DataBytesPerPage;
            var offset = (int)(from % DataBytesPerPage);
            var count = (int)Math.Min(DataBytesPerPage - offset, to - from);
            var page = p < _pageCount ? _pages[p] : null;
            if (page is null ? value != 0 : page.AsSpan(offset, count).ContainsAnyExcept(value)) return false;
            from += count;
        }
        return true;
    }

    /// <summary>Whether both bitfields hold the same bytes (a missing page equals a zero page).</summary>
    public bool SameBits(FeedBitfield other)
    {
        var count = Math.Max(_pageCount, other._pageCount);
        for (var p = 0; p < count; p++)
        {
            var a = p < _pageCount ? _pages[p] : null;
            var b = p < other._pageCount ? other._pages[p] : null;
            if (!(a ?? Zero).AsSpan().SequenceEqual(b ?? Zero)) return false;
        }
        return true;
    }

    private static readonly byte[] Zero = new byte[PageSize];

    // Inlined into every caller, which passes constant page sizes (powers of two), so the JIT can
    // fold the division and remainder (a standalone copy divides by a variable, twice per bit).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte GetByte(ulong i, int bytesPerPage, int offset)
    {
        var p = i / (ulong)bytesPerPage;
        if (p >= (ulong)_pageCount) return 0;
        var page = _pages[p];
        return page is null ? (byte)0 : page[offset + (int)(i % (ulong)bytesPerPage)];
    }

    /// <summary>sparse-bitfield setByte: allocates the page even when the value is unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // as GetByte
    private bool SetByte(long i, int bytesPerPage, int offset, byte value, ref long byteLength)
    {
        var p = (int)(i / bytesPerPage);
        var page = Allocate(p);
        var o = offset + (int)(i % bytesPerPage);
        if (page[o] == value) return false;
        page[o] = value;
        if (i >= byteLength) byteLength = i + 1;
        if (!_isDirty[p])
        {
            _isDirty[p] = true;
            _dirty.Add(p);
        }
        return true;
    }

    private byte[] Allocate(int p)
    {
        if (p >= _pages.Length)
        {
            Array.Resize(ref _pages, Math.Max(p + 1, _pages.Length * 2));
            Array.Resize(ref _isDirty, _pages.Length);
        }
        var page = _pages[p] ??= new byte[PageSize];
        if (p >= _pageCount) _pageCount = p + 1;
        return page;
    }
}

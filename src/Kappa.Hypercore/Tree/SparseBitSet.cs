using System.Runtime.CompilerServices;

namespace Kappa.Hypercore.Tree;

/// <summary>
/// A sparse set of node indices in 4 KiB pages allocated on demand (like sparse-bitfield): used
/// for the per-peer <c>remoteTree</c> of proofs. Not thread-safe.
/// </summary>
internal sealed class SparseBitSet : ITreeBits
{
    private const int PageBits = 32768;
    private readonly Dictionary<ulong, ulong[]> _pages = [];
    private ulong _lastPage = ulong.MaxValue;
    private ulong[]? _last;

    public long Highest { get; private set; } = -1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public bool Get(ulong index)
    {
        var page = Page(index / PageBits, allocate: false);
        var bit = index % PageBits;
        return page is not null && (page[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    public bool Set(ulong index)
    {
        var page = Page(index / PageBits, allocate: true)!;
        var bit = index % PageBits;
        ref var word = ref page[bit >> 6];
        var mask = 1UL << (int)(bit & 63);
        if ((word & mask) != 0) return false;
        word |= mask;
        if ((long)index > Highest) Highest = (long)index;
        return true;
    }

    public void Clear(ulong index)
    {
        var page = Page(index / PageBits, allocate: false);
        if (page is null) return;
        var bit = index % PageBits;
        page[bit >> 6] &= ~(1UL << (int)(bit & 63));
    }

    private ulong[]? Page(ulong n, bool allocate)
    {
        if (n == _lastPage) return _last;
        if (!_pages.TryGetValue(n, out var page))
        {
            if (!allocate) return null;
            page = new ulong[PageBits / 64];
            _pages[n] = page;
        }
        _lastPage = n;
        _last = page;
        return page;
    }
}

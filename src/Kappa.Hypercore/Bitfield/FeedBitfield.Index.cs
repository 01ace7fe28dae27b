using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Bitfield;

/// <summary>
/// The index region, maintained incrementally exactly as hypercore 8.14 <c>lib/bitfield.js</c>
/// (<c>_setIndex</c> and <c>_expand</c>), so that our bitfield files are byte-identical. JS uses
/// it only to skip full or empty stretches; we never trust it for correctness.
/// </summary>
internal sealed partial class FeedBitfield
{
    private static readonly byte[] ParentRight = BuildParentRight();

    /// <summary>Index leaf byte for data byte <paramref name="dataByte"/> after it became <paramref name="value"/>.</summary>
    private void SetIndex(long dataByte, byte value)
    {
        var o = (int)(dataByte & 3);
        var start = 2 * (ulong)(dataByte >> 2);
        var twoBits = value == 255 ? 192 : value == 0 ? 0 : 64;
        var b = (byte)((IndexByte(start) & ~(0xC0 >> (2 * o))) | (twoBits >> (2 * o)));
        var lenBefore = _indexByteLength;
        var maxLength = (ulong)_pageCount * IndexBytesPerPage;
        var node = start;
        while (node < maxLength && SetByte((long)node, IndexBytesPerPage, IndexOffset, b, ref _indexByteLength))
        {
            var sibling = FlatTree.Sibling(node);
            b = node < sibling
                ? (byte)((ParentRight[b] << 4) | ParentRight[IndexByte(sibling)])
                : (byte)(ParentRight[b] | (ParentRight[IndexByte(sibling)] << 4));
            node = FlatTree.Parent(node);
        }
        if (lenBefore != _indexByteLength) Expand(lenBefore * 8);
    }

    /// <summary>hypercore's <c>_expand(len)</c>: re-derives parents of the index's old roots (len is in bits, as JS passes it).</summary>
    private void Expand(long len)
    {
        foreach (var root in FlatTree.FullRoots(2 * (ulong)len))
        {
            var node = root;
            var b = IndexByte(node);
            while (true)
            {
                var sibling = FlatTree.Sibling(node);
                b = node < sibling
                    ? (byte)((ParentRight[b] << 4) | ParentRight[IndexByte(sibling)])
                    : (byte)(ParentRight[b] | (ParentRight[IndexByte(sibling)] << 4));
                node = FlatTree.Parent(node);
                // setByteNoAlloc: only bytes below the index's current byte length.
                if ((long)node >= _indexByteLength) break;
                if (!SetByte((long)node, IndexBytesPerPage, IndexOffset, b, ref _indexByteLength)) break;
            }
        }
    }

    private byte IndexByte(ulong i) => GetByte(i, IndexBytesPerPage, IndexOffset);

    private static byte[] BuildParentRight()
    {
        var t = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            int a = i >> 4, c = i & 15;
            t[i] = (byte)(((a == 15 ? 3 : a == 0 ? 0 : 1) << 2) | (c == 15 ? 3 : c == 0 ? 0 : 1));
        }
        return t;
    }
}

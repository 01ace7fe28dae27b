using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Bitfield;

internal sealed partial class FeedBitfield
{
    private long _highestTree = -1;
    private long _treeByteLength;

    private void RecomputeHighestTree()
    {
        for (var p = _pageCount - 1; p >= 0; p--)
        {
            var page = _pages[p];
            if (page is null) continue;
            for (var k = TreeBytesPerPage - 1; k >= 0; k--)
            {
                var b = page[TreeOffset + k];
                if (b == 0) continue;
                var bit = 7 - System.Numerics.BitOperations.TrailingZeroCount(b);
                _highestTree = ((long)p * TreeBytesPerPage + k) * 8 + bit;
                return;
            }
        }
    }

    /// <summary>The tree region (which Merkle nodes are stored in the <c>tree</c> file).</summary>
    private sealed class TreeRegion(FeedBitfield owner) : ITreeBits
    {
        public long Highest => owner._highestTree;

        public bool Get(ulong index) =>
            (owner.GetByte(index >> 3, TreeBytesPerPage, TreeOffset) & (0x80 >> (int)(index & 7))) != 0;

        public bool Set(ulong index)
        {
            if (index >= 2 * MaxBlocks) throw new ArgumentOutOfRangeException(nameof(index), "Feeds are limited to 2^32 blocks.");
            var i = (long)(index >> 3);
            var old = owner.GetByte((ulong)i, TreeBytesPerPage, TreeOffset);
            var v = (byte)(old | (0x80 >> (int)(index & 7)));
            if (!owner.SetByte(i, TreeBytesPerPage, TreeOffset, v, ref owner._treeByteLength)) return false;
            if ((long)index > owner._highestTree) owner._highestTree = (long)index;
            return true;
        }
    }
}

using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>
/// The run of blocks an uploader read last, with the tree slots that span it: peers request
/// blocks in order, so one tree read and one data read (and one pass of leaf hashes) serve a
/// whole run of requests instead of a data read and a node read or two per block. Stored blocks
/// and nodes never change, so a run read earlier stays true. One per replication channel; not
/// thread-safe (a channel runs under its session's lock).
/// </summary>
internal sealed class UploadReadAhead
{
    private long _first = -1;
    private int _count;
    private byte[] _slots = [];
    private int _slotBytes;
    private ReadOnlyMemory<byte> _data;
    private int[] _offsets = [];
    private TreeNode[] _proofNodes = new TreeNode[8];

    /// <summary>Scratch for the indices of the proof being built.</summary>
    public List<ulong> ProofIndices { get; } = [];

    /// <summary>Scratch for the signature of the proof being built.</summary>
    public byte[] Signature { get; } = new byte[64];

    /// <summary>Scratch for <paramref name="count"/> proof nodes (reused by the next proof).</summary>
    public TreeNode[] ProofNodes(int count)
    {
        if (_proofNodes.Length < count) _proofNodes = new TreeNode[Math.Max(count, 2 * _proofNodes.Length)];
        return _proofNodes;
    }

    /// <summary>Blocks to read for a run starting at <paramref name="seq"/>: doubling while the peer asks in order (a run picks up where the last one ended), small when it jumps around (hypercore 8 downloaders pick blocks at random).</summary>
    public int NextRunLength(long seq, int max) =>
        _first >= 0 && seq == _first + _count ? Math.Clamp(2 * _count, MinRun, max) : MinRun;

    private const int MinRun = 1;

    /// <summary>Block <paramref name="seq"/>'s value, if it lies in the run.</summary>
    public bool TryGetValue(long seq, out ReadOnlyMemory<byte> value)
    {
        var i = seq - _first;
        if (_first < 0 || i < 0 || i >= _count)
        {
            value = default;
            return false;
        }
        value = _data[_offsets[i].._offsets[i + 1]];
        return true;
    }

    /// <summary>Tree node <paramref name="index"/>, if its slot lies in the run's span and holds a node.</summary>
    public bool TryGetNode(ulong index, out TreeNode node)
    {
        node = default;
        if (_first < 0 || index < 2 * (ulong)_first) return false;
        var at = (long)(index - 2 * (ulong)_first) * SleepFiles.TreeSlot;
        if (at + SleepFiles.TreeSlot > _slotBytes) return false;
        return SleepFiles.TryDecodeNode(index, _slots.AsSpan((int)at, SleepFiles.TreeSlot), out node);
    }

    /// <summary>
    /// Buffers for the next run, reused from run to run (a run of 2048 small blocks needs
    /// 160 KiB of tree slots: a fresh array each time was a large-object allocation). Forgets the
    /// current run, whose bytes they may overwrite.
    /// </summary>
    public (byte[] Slots, byte[] Data, int[] Offsets) BuffersFor(int slotBytes, int dataBytes, int blocks)
    {
        _first = -1;
        _count = 0;
        if (_slots.Length < slotBytes) _slots = new byte[slotBytes];
        if (_buffer.Length < dataBytes) _buffer = new byte[Math.Max(dataBytes, 2 * _buffer.Length)];
        if (_offsets.Length < blocks + 1) _offsets = new int[blocks + 1];
        return (_slots, _buffer, _offsets);
    }

    private byte[] _buffer = [];

    /// <summary>Replaces the run with <paramref name="count"/> verified blocks from <paramref name="first"/>.</summary>
    public void Fill(long first, int count, byte[] slots, int slotBytes, ReadOnlyMemory<byte> data, int[] offsets)
    {
        _first = first;
        _count = count;
        _slots = slots;
        _slotBytes = slotBytes;
        _data = data;
        _offsets = offsets;
    }
}

using System.Buffers.Binary;
using Kappa.Hypercore.Crypto;
using System.Runtime.CompilerServices;

namespace Kappa.Hypercore.Tree;

/// <summary>
/// hypercore 8 Merkle hashing (hypercore-crypto 1.0, hypercore-crypto.md §4–5). All unkeyed
/// BLAKE2b-256; integers are u64 big-endian.
/// </summary>
/// <remarks>
/// | node   | hash input                                                     |
/// |--------|----------------------------------------------------------------|
/// | leaf   | 0x00 ‖ u64be(len) ‖ data                                       |
/// | parent | 0x01 ‖ u64be(a.size + b.size) ‖ left.hash ‖ right.hash          |
/// | tree   | 0x02 ‖ for each root (left→right): hash ‖ u64be(index) ‖ u64be(size) |
/// </remarks>
internal static class MerkleHash
{
    /// <summary>Blocks up to this size are hashed from one stack buffer in a single native call.</summary>
    private const int SmallBlock = 1024;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public static TreeNode Leaf(ulong index, ReadOnlySpan<byte> data)
    {
        var hash = default(Hash32);
        if (data.Length <= SmallBlock)
        {
            Span<byte> input = stackalloc byte[9 + data.Length];
            input[0] = 0;
            BinaryPrimitives.WriteUInt64BigEndian(input[1..], (ulong)data.Length);
            data.CopyTo(input[9..]);
            Sodium.GenericHash(hash, input);
        }
        else
        {
            Span<byte> head = stackalloc byte[9];
            head[0] = 0;
            BinaryPrimitives.WriteUInt64BigEndian(head[1..], (ulong)data.Length);
            Sodium.GenericHashParts(hash, head, data);
        }
        return new TreeNode(index, hash, (ulong)data.Length);
    }

    /// <summary>
    /// Leaves of consecutive blocks: block j is <paramref name="data"/>[offsets[j]..offsets[j + 1]]
    /// at flat index <paramref name="firstIndex"/> + 2j. Four blocks at a time where the CPU has
    /// 256-bit vectors (<see cref="Blake2bLanes"/>), the rest one by one; the same hashes as <see cref="Leaf"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Leaves(ulong firstIndex, ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, Span<TreeNode> leaves)
    {
        var n = offsets.Length - 1;
        var j = 0;
        if (Blake2bLanes.IsSupported && n >= 4)
        {
            Span<byte> heads = stackalloc byte[64];
            Span<byte> hashes = stackalloc byte[128];
            while (j + 4 <= n)
            {
                var blocks = Blake2bLanes.Blocks(9 + offsets[j + 1] - offsets[j]);
                var k = 1;
                while (k < 4 && Blake2bLanes.Blocks(9 + offsets[j + k + 1] - offsets[j + k]) == blocks) k++;
                if (k < 4)
                {
                    // Sizes that need different numbers of compressions cannot share lanes.
                    for (var i = 0; i < k; i++, j++) leaves[j] = Leaf(firstIndex + 2 * (ulong)j, data[offsets[j]..offsets[j + 1]]);
                    continue;
                }
                for (var i = 0; i < 4; i++)
                {
                    heads[16 * i] = 0;
                    BinaryPrimitives.WriteUInt64BigEndian(heads[(16 * i + 1)..], (ulong)(offsets[j + i + 1] - offsets[j + i]));
                }
                Blake2bLanes.Hash4(heads, 9, data[offsets[j]..offsets[j + 1]], data[offsets[j + 1]..offsets[j + 2]],
                    data[offsets[j + 2]..offsets[j + 3]], data[offsets[j + 3]..offsets[j + 4]], hashes);
                for (var i = 0; i < 4; i++, j++)
                    leaves[j] = new TreeNode(firstIndex + 2 * (ulong)j, Hash32.From(hashes[(32 * i)..]), (ulong)(offsets[j + 1] - offsets[j]));
            }
        }
        for (; j < n; j++) leaves[j] = Leaf(firstIndex + 2 * (ulong)j, data[offsets[j]..offsets[j + 1]]);
    }

    /// <summary>
    /// Parents of sibling pairs: parent i of (<paramref name="siblings"/>[2i], <paramref name="siblings"/>[2i + 1]),
    /// four at a time where the CPU has 256-bit vectors; the same hashes as <see cref="Parent"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Parents(ReadOnlySpan<TreeNode> siblings, Span<TreeNode> parents)
    {
        var n = parents.Length;
        var j = 0;
        if (Blake2bLanes.IsSupported && n >= 4)
        {
            Span<byte> heads = stackalloc byte[64];
            Span<byte> bodies = stackalloc byte[4 * 64];
            Span<byte> hashes = stackalloc byte[128];
            for (; j + 4 <= n; j += 4)
            {
                for (var i = 0; i < 4; i++)
                {
                    ref readonly var l = ref siblings[2 * (j + i)];
                    ref readonly var r = ref siblings[2 * (j + i) + 1];
                    heads[16 * i] = 1;
                    BinaryPrimitives.WriteUInt64BigEndian(heads[(16 * i + 1)..], l.Size + r.Size);
                    l.Hash[..].CopyTo(bodies[(64 * i)..]);
                    r.Hash[..].CopyTo(bodies[(64 * i + 32)..]);
                }
                Blake2bLanes.Hash4(heads, 9, bodies[..64], bodies[64..128], bodies[128..192], bodies[192..], hashes);
                for (var i = 0; i < 4; i++)
                {
                    ref readonly var l = ref siblings[2 * (j + i)];
                    parents[j + i] = new TreeNode(FlatTree.Parent(l.Index), Hash32.From(hashes[(32 * i)..]), l.Size + siblings[2 * (j + i) + 1].Size);
                }
            }
        }
        for (; j < n; j++) parents[j] = Parent(siblings[2 * j], siblings[2 * j + 1]);
    }

    /// <summary>Parent of two siblings; the one with the smaller index goes first whatever the argument order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public static TreeNode Parent(in TreeNode a, in TreeNode b)
    {
        ref readonly var left = ref a.Index < b.Index ? ref a : ref b;
        ref readonly var right = ref a.Index < b.Index ? ref b : ref a;
        Span<byte> input = stackalloc byte[1 + 8 + 32 + 32];
        input[0] = 1;
        var size = a.Size + b.Size;
        BinaryPrimitives.WriteUInt64BigEndian(input[1..], size);
        left.Hash[..].CopyTo(input[9..]);
        right.Hash[..].CopyTo(input[41..]);
        var hash = default(Hash32);
        Sodium.GenericHash(hash, input);
        return new TreeNode(FlatTree.Parent(left.Index), hash, size);
    }

    /// <summary>The 32-byte message a writer signs: the hash of the feed's roots (left to right).</summary>
    public static Hash32 TreeHash(ReadOnlySpan<TreeNode> roots)
    {
        Span<byte> input = stackalloc byte[1 + 48 * roots.Length];
        input[0] = 2;
        var o = 1;
        foreach (ref readonly var r in roots)
        {
            r.Hash[..].CopyTo(input[o..]);
            BinaryPrimitives.WriteUInt64BigEndian(input[(o + 32)..], r.Index);
            BinaryPrimitives.WriteUInt64BigEndian(input[(o + 40)..], r.Size);
            o += 48;
        }
        var hash = default(Hash32);
        Sodium.GenericHash(hash, input);
        return hash;
    }
}

using System.Buffers.Binary;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;
using System.Runtime.CompilerServices;

namespace Kappa.Hypercore.Storage;

/// <summary>
/// The six files of one hypercore 8.14 feed ("SLEEP", hypercore-storage.md §2–6) and their
/// fixed layouts. Common header (tree, signatures, bitfield):
/// </summary>
/// <remarks>
/// | offset | size | value                                                  |
/// |--------|------|--------------------------------------------------------|
/// | 0      | 3    | magic 05 02 57                                         |
/// | 3      | 1    | type: 0 bitfield, 1 signatures, 2 tree                 |
/// | 4      | 1    | version 0                                              |
/// | 5      | 2    | entry size u16be: 3584 / 64 / 40                        |
/// | 7      | 1    | algorithm name length, then the ASCII name, zero to 32 |
/// Tree slot i at 32 + 40i: hash(32) ‖ size u64be (all zero = no node). Signature slot i at
/// 32 + 64i (all zero = blank). Bitfield pages at 32 + 3584p.
/// </remarks>
internal sealed class SleepFiles : IAsyncDisposable
{
    public const int HeaderSize = 32;
    public const int TreeSlot = 40;
    public const int SignatureSlot = 64;

    public SleepFiles(IStorageProvider provider)
    {
        Key = provider.Open("key");
        SecretKey = provider.Open("secret_key");
        Tree = new StagedStorage(provider.Open("tree"));
        Data = new StagedStorage(provider.Open("data"));
        Bitfield = provider.Open("bitfield");
        Signatures = provider.Open("signatures");
    }

    public IRandomAccessStorage Key { get; }
    public IRandomAccessStorage SecretKey { get; }
    public StagedStorage Tree { get; }
    public StagedStorage Data { get; }
    public IRandomAccessStorage Bitfield { get; }
    public IRandomAccessStorage Signatures { get; }

    public static byte[] Header(byte type, ushort entrySize, string? algorithm)
    {
        var h = new byte[HeaderSize];
        h[0] = 0x05; h[1] = 0x02; h[2] = 0x57; h[3] = type; h[4] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(5), entrySize);
        if (algorithm is not null)
        {
            h[7] = (byte)algorithm.Length;
            System.Text.Encoding.ASCII.GetBytes(algorithm, h.AsSpan(8));
        }
        return h;
    }

    public static readonly byte[] TreeHeader = Header(2, TreeSlot, "BLAKE2b");
    public static readonly byte[] SignaturesHeader = Header(1, SignatureSlot, "Ed25519");
    public static readonly byte[] BitfieldHeader = Header(0, 3584, null);

    /// <summary>Writes <paramref name="header"/> unless the file already starts with exactly it (read-only stores stay untouched).</summary>
    public static void EnsureHeader(IRandomAccessStorage file, byte[] header)
    {
        Span<byte> current = stackalloc byte[HeaderSize];
        if (file.Read(0, current) == HeaderSize && current.SequenceEqual(header)) return;
        file.Write(0, header);
    }

    /// <summary>Reads tree node <paramref name="index"/>; false when the slot is empty or beyond the file.</summary>
    public bool TryReadNode(ulong index, out TreeNode node)
    {
        if (_nodes.TryGet(index, out node)) return true;
        Span<byte> slot = stackalloc byte[TreeSlot];
        var n = Tree.Read(HeaderSize + (long)index * TreeSlot, slot);
        if (!TryDecodeNode(index, slot[..n], out node)) return false;
        _nodes.Put(node);
        return true;
    }

    private readonly TreeNodeCache _nodes = new();

    /// <summary>Forgets cached nodes (after recovery rewrote or cut the tree file).</summary>
    public void ForgetNodes() => _nodes.Clear();

    /// <summary>Remembers nodes just written in bulk (an append's tree buffer), so reads need not go to the file.</summary>
    public void Remember(in TreeNode node) => _nodes.Put(node);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryDecodeNode(ulong index, ReadOnlySpan<byte> slot, out TreeNode node)
    {
        node = default;
        if (slot.Length < TreeSlot || !slot.ContainsAnyExcept((byte)0)) return false;
        node = new TreeNode(index, Hash32.From(slot), BinaryPrimitives.ReadUInt64BigEndian(slot[32..]));
        return true;
    }

    public static void EncodeNode(in TreeNode node, Span<byte> slot)
    {
        node.Hash[..].CopyTo(slot);
        BinaryPrimitives.WriteUInt64BigEndian(slot[32..], node.Size);
    }

    public void WriteNode(in TreeNode node)
    {
        Span<byte> slot = stackalloc byte[TreeSlot];
        EncodeNode(node, slot);
        Tree.Write(HeaderSize + (long)node.Index * TreeSlot, slot);
        _nodes.Put(node);
    }

    /// <summary>Like <see cref="WriteNode"/>, but held back until <see cref="WriteStaged"/> (downloads: one tree write per burst).</summary>
    public void StageNode(in TreeNode node)
    {
        Span<byte> slot = stackalloc byte[TreeSlot];
        EncodeNode(node, slot);
        Tree.Stage(HeaderSize + (long)node.Index * TreeSlot, slot);
        _nodes.Put(node);
    }

    /// <summary>Writes the staged tree nodes and data of downloaded blocks (before their bitfield commit).</summary>
    public void WriteStaged()
    {
        Tree.WriteStaged();
        Data.WriteStaged();
    }

    /// <summary>Reads signature slot <paramref name="index"/>; false when blank or missing.</summary>
    public bool TryReadSignature(ulong index, Span<byte> signature)
    {
        var n = Signatures.Read(HeaderSize + (long)index * SignatureSlot, signature[..SignatureSlot]);
        return n == SignatureSlot && signature[..SignatureSlot].ContainsAnyExcept((byte)0);
    }

    public void WriteSignature(ulong index, ReadOnlySpan<byte> signature) =>
        Signatures.Write(HeaderSize + (long)index * SignatureSlot, signature);

    public void FlushAll()
    {
        Data.Flush();
        Tree.Flush();
        Signatures.Flush();
        Bitfield.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var f in new[] { Key, SecretKey, Tree, Data, Bitfield, Signatures })
            await f.DisposeAsync().ConfigureAwait(false);
    }
}

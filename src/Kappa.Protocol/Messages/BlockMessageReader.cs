using System.Buffers;
using System.Runtime.CompilerServices;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;

namespace Kappa.Protocol.Messages;

/// <summary>A decoded Request (hypercore 8's per-block request); see <see cref="WireMessages.Request"/>.</summary>
internal readonly record struct RequestFields(ulong Index, ulong Bytes, bool Hash, ulong Nodes);

/// <summary>A decoded Have; <see cref="Bitfield"/> is null when the field was absent.</summary>
internal readonly record struct HaveFields(ulong Start, ulong Length, byte[]? Bitfield, bool Ack)
{
    public bool HasBitfield => Bitfield is not null;
}

/// <summary>A decoded Data whose value, signature and nodes point into the frame (valid until the reader moves on).</summary>
internal readonly ref struct DataFields(ulong index, bool hasValue, ReadOnlySpan<byte> value, ReadOnlySpan<TreeNode> nodes, ReadOnlySpan<byte> signature, bool badNodeHash = false)
{
    /// <summary>A proof node's hash was not 32 bytes (the nodes are then empty; the receiver rejects the block).</summary>
    public bool BadNodeHash { get; } = badNodeHash;

    public ulong Index { get; } = index;
    public bool HasValue { get; } = hasValue;
    public ReadOnlySpan<byte> Value { get; } = value;
    public ReadOnlySpan<TreeNode> Nodes { get; } = nodes;
    public ReadOnlySpan<byte> Signature { get; } = signature;
}

/// <summary>
/// Decoders for the messages every block costs (Request, Have, Data), hand-written because
/// Google.Protobuf allocates a message, its nodes and copies of every bytes field per block
/// (about 3 KB per Data). They read the body in place and accept only the plain shape the JS
/// encoder (protocol-buffers 4, fields by number) and <see cref="WireMessages"/> produce:
/// known fields with their wire types, each scalar once, 32-byte node hashes, canonical
/// varints. Anything else — unknown or repeated fields, bad wire types, truncation — goes to
/// <see cref="MessageCodec"/>, so odd but valid bodies decode and bad ones fail exactly as
/// before. Pinned by the JS vectors and by equality with <see cref="MessageCodec"/> in tests.
/// The decoders are compiled optimised from the first call (AggressiveOptimization): they run
/// per block, and a short session would otherwise spend much of itself in tier-0 code.
/// </summary>
internal static class BlockMessageReader
{
    /// <summary>Most proof nodes a Data may carry on the fast path (a 2^32-block tree needs ~64).</summary>
    public const int MaxNodes = 64;

    public static RequestFields Request(in ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment && TryRequest(body.FirstSpan, out var fields)) return fields;
        var m = MessageCodec.Decode<Request>(body);
        return new RequestFields(m.Index, m.Bytes, m.Hash, m.Nodes);
    }

    public static HaveFields Have(in ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment && TryHave(body.FirstSpan, out var fields)) return fields;
        var m = MessageCodec.Decode<Have>(body);
        return new HaveFields(m.Start, m.Length, m.HasBitfield ? m.Bitfield.ToByteArray() : null, m.Ack);
    }

    /// <summary>Decodes a Data body; <paramref name="nodeBuffer"/> (at least <see cref="MaxNodes"/> long) receives the nodes.</summary>
    public static DataFields Data(in ReadOnlySequence<byte> body, TreeNode[] nodeBuffer)
    {
        if (body.IsSingleSegment && TryData(body.FirstSpan, nodeBuffer, out var index, out var hasValue, out var value, out var count, out var signature))
            return new DataFields(index, hasValue, value, nodeBuffer.AsSpan(0, count), signature);
        var m = MessageCodec.Decode<Data>(body);
        var nodes = new TreeNode[m.Nodes.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            var n = m.Nodes[i];
            // A hash of another length cannot be a BLAKE2b node: the receiver rejects the block.
            if (n.Hash.Length != 32) return new DataFields(m.Index, m.HasValue, m.Value.Span, default, default, badNodeHash: true);
            nodes[i] = new TreeNode(n.Index, Hash32.From(n.Hash.Span), n.Size);
        }
        return new DataFields(m.Index, m.HasValue, m.Value.Span, nodes, m.HasSignature ? m.Signature.Span : default);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryRequest(ReadOnlySpan<byte> s, out RequestFields fields)
    {
        fields = default;
        ulong index = 0, bytes = 0, nodes = 0, hash = 0;
        var seen = 0;
        while (!s.IsEmpty)
        {
            if (!TryTag(ref s, out var field, out var wire) || wire != 0 || field is < 1 or > 4) return false;
            if ((seen & (1 << field)) != 0 || !TryVarint(ref s, out var v)) return false;
            seen |= 1 << field;
            switch (field)
            {
                case 1: index = v; break;
                case 2: bytes = v; break;
                case 3: if (v > 1) return false; hash = v; break;
                default: nodes = v; break;
            }
        }
        if ((seen & 2) == 0) return false;
        fields = new RequestFields(index, bytes, hash == 1, nodes);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryHave(ReadOnlySpan<byte> s, out HaveFields fields)
    {
        fields = default;
        ulong start = 0, length = 1, ack = 0;
        var seen = 0;
        while (!s.IsEmpty)
        {
            // A bitfield (field 3) is rare (answers to Want): the general decoder handles it.
            if (!TryTag(ref s, out var field, out var wire) || wire != 0 || field is not (1 or 2 or 4)) return false;
            if ((seen & (1 << field)) != 0 || !TryVarint(ref s, out var v)) return false;
            seen |= 1 << field;
            switch (field)
            {
                case 1: start = v; break;
                case 2: length = v; break;
                default: if (v > 1) return false; ack = v; break;
            }
        }
        if ((seen & 2) == 0) return false;
        fields = new HaveFields(start, length, null, ack == 1);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryData(ReadOnlySpan<byte> s, TreeNode[] nodeBuffer, out ulong index, out bool hasValue, out ReadOnlySpan<byte> value, out int count, out ReadOnlySpan<byte> signature)
    {
        index = 0;
        hasValue = false;
        value = default;
        signature = default;
        count = 0;
        var seen = 0;
        while (!s.IsEmpty)
        {
            if (!TryTag(ref s, out var field, out var wire)) return false;
            if (field == 1)
            {
                if (wire != 0 || (seen & 2) != 0 || !TryVarint(ref s, out index)) return false;
                seen |= 2;
                continue;
            }
            if (wire != 2 || field is < 2 or > 4 || !TryBytes(ref s, out var bytes)) return false;
            switch (field)
            {
                case 2:
                    if (hasValue) return false;
                    hasValue = true;
                    value = bytes;
                    break;
                case 3:
                    if (count == MaxNodes || !TryNode(bytes, out nodeBuffer[count])) return false;
                    count++;
                    break;
                default:
                    if ((seen & 16) != 0) return false;
                    seen |= 16;
                    signature = bytes;
                    break;
            }
        }
        return (seen & 2) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryNode(ReadOnlySpan<byte> s, out TreeNode node)
    {
        node = default;
        ulong index = 0, size = 0;
        ReadOnlySpan<byte> hash = default;
        var seen = 0;
        while (!s.IsEmpty)
        {
            if (!TryTag(ref s, out var field, out var wire) || field is < 1 or > 3 || (seen & (1 << field)) != 0) return false;
            seen |= 1 << field;
            if (field == 2)
            {
                if (wire != 2 || !TryBytes(ref s, out hash) || hash.Length != 32) return false;
                continue;
            }
            if (wire != 0 || !TryVarint(ref s, out var v)) return false;
            if (field == 1) index = v;
            else size = v;
        }
        if (seen != 0b1110) return false;
        node = new TreeNode(index, Hash32.From(hash), size);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryTag(scoped ref ReadOnlySpan<byte> s, out int field, out int wire)
    {
        field = wire = 0;
        if (!TryVarint(ref s, out var tag) || tag > int.MaxValue) return false;
        field = (int)(tag >> 3);
        wire = (int)(tag & 7);
        return field > 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryBytes(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryVarint(ref s, out var length) || length > (ulong)s.Length) return false;
        bytes = s[..(int)length];
        s = s[(int)length..];
        return true;
    }

    /// <summary>A canonical varint of at most 9 bytes (larger values, or anything odd, take the general decoder).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryVarint(scoped ref ReadOnlySpan<byte> s, out ulong value)
    {
        value = 0;
        for (var i = 0; i < s.Length && i < 9; i++)
        {
            var b = s[i];
            value |= (ulong)(b & 0x7f) << (7 * i);
            if (b >= 0x80) continue;
            if (b == 0 && i > 0) return false; // padded (non-minimal) varint
            s = s[(i + 1)..];
            return true;
        }
        return false;
    }
}

using System.Runtime.CompilerServices;
using Kappa.Hypercore.Tree;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Messages;

/// <summary>A frame body that knows its length and writes itself (no message object per frame).</summary>
internal interface IFrameBody
{
    /// <summary>Body length in bytes.</summary>
    int Length { get; }

    /// <summary>Writes exactly <see cref="Length"/> bytes.</summary>
    void Write(Span<byte> destination);
}

/// <summary>
/// Encoders for the messages every block costs (Request, ack Have, Data), hand-written so a
/// block is encoded straight into the send buffer without a protobuf message, node objects and
/// hash copies (see <see cref="BlockMessageReader"/> for why). The bytes are exactly what
/// <see cref="WireMessages"/> + Google.Protobuf produce, which is what the JS encoder produces:
/// fields in number order, the same fields set (pinned by the JS vectors and by equality tests).
/// </summary>
internal static class BlockMessageWriter
{
    /// <summary>Request{index, bytes, hash, nodes} — all four, as hypercore 8 sends them.</summary>
    public readonly struct RequestBody(ulong index, ulong nodes) : IFrameBody
    {
        public int Length => 1 + Varint.Size(index) + 2 + 2 + 1 + Varint.Size(nodes);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(Span<byte> d)
        {
            var n = Field(d, 0x08, index);
            n += Field(d[n..], 0x10, 0); // bytes
            n += Field(d[n..], 0x18, 0); // hash: false
            Field(d[n..], 0x20, nodes);
        }
    }

    /// <summary>Have{start, length, ack} — the acknowledgement of one stored block (or, to a peer that negotiated ack ranges, of <paramref name="length"/> blocks).</summary>
    public readonly struct AckBody(ulong start, ulong length = 1) : IFrameBody
    {
        public int Length => 1 + Varint.Size(start) + 1 + Varint.Size(length) + 2;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(Span<byte> d)
        {
            var n = Field(d, 0x08, start);
            n += Field(d[n..], 0x10, length);
            Field(d[n..], 0x20, 1);
        }
    }

    /// <summary>Data{index, value?, nodes, signature?}; an empty signature is left out, as <see cref="WireMessages.Data"/> does.</summary>
    public readonly struct DataBody(ulong index, bool hasValue, ReadOnlyMemory<byte> value, ReadOnlyMemory<TreeNode> nodes, ReadOnlyMemory<byte> signature) : IFrameBody
    {
        public int Length
        {
            get
            {
                var length = 1 + Varint.Size(index);
                if (hasValue) length += 1 + Varint.Size((ulong)value.Length) + value.Length;
                foreach (ref readonly var node in nodes.Span)
                {
                    var inner = NodeLength(node);
                    length += 1 + Varint.Size((ulong)inner) + inner;
                }
                if (!signature.IsEmpty) length += 1 + Varint.Size((ulong)signature.Length) + signature.Length;
                return length;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(Span<byte> d)
        {
            var n = Field(d, 0x08, index);
            if (hasValue) n += Bytes(d[n..], 0x12, value.Span);
            foreach (ref readonly var node in nodes.Span)
            {
                d[n++] = 0x1a;
                n += Varint.Write(d[n..], (ulong)NodeLength(node));
                n += Field(d[n..], 0x08, node.Index);
                n += Bytes(d[n..], 0x12, node.Hash);
                n += Field(d[n..], 0x18, node.Size);
            }
            if (!signature.IsEmpty) Bytes(d[n..], 0x22, signature.Span);
        }

        private static int NodeLength(in TreeNode node) => 1 + Varint.Size(node.Index) + 2 + 32 + 1 + Varint.Size(node.Size);
    }

    private static int Field(Span<byte> d, byte tag, ulong value)
    {
        d[0] = tag;
        return 1 + Varint.Write(d[1..], value);
    }

    private static int Bytes(Span<byte> d, byte tag, ReadOnlySpan<byte> bytes)
    {
        d[0] = tag;
        var n = 1 + Varint.Write(d[1..], (ulong)bytes.Length);
        bytes.CopyTo(d[n..]);
        return n + bytes.Length;
    }
}

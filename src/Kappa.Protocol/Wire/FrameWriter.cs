using System.Buffers;
using Google.Protobuf;

namespace Kappa.Protocol.Wire;

/// <summary>
/// Writes frames (simple-message-channels 1.2.1, hypercore-protocol 7):
/// <code>
/// frame  = varint(L) ‖ varint(header) ‖ body      L = len(varint(header)) + len(body)
/// header = channel &lt;&lt; 4 | type                      (channel ≥ 16 → 2+ header bytes)
/// keep-alive = the single byte 00 (L = 0)
/// </code>
/// The JS sender computes the header as a 32-bit int (<c>channel &lt;&lt; 4 | type</c>), so
/// channels at or above 2^27 cannot interoperate and are refused here.
/// </summary>
internal static class FrameWriter
{
    /// <summary>Largest channel id a JS peer can send or receive correctly.</summary>
    public const ulong MaxChannel = (1UL << 27) - 1;

    /// <summary>The keep-alive frame.</summary>
    public static void WriteKeepAlive(IBufferWriter<byte> output)
    {
        output.GetSpan(1)[0] = 0;
        output.Advance(1);
    }

    /// <summary>Writes a frame whose body is a protobuf message (fields in number order, as protocol-buffers JS does).</summary>
    public static void Write(IBufferWriter<byte> output, ulong channel, MessageType type, IMessage body)
    {
        WriteHeader(output, channel, type, body.CalculateSize());
        body.WriteTo(output);
    }

    /// <summary>Writes a frame with a raw body.</summary>
    public static void Write(IBufferWriter<byte> output, ulong channel, MessageType type, ReadOnlySpan<byte> body)
    {
        WriteHeader(output, channel, type, body.Length);
        output.Write(body);
    }

    /// <summary>Writes an Extension frame: body = varint(extensionId) ‖ payload.</summary>
    public static void WriteExtension(IBufferWriter<byte> output, ulong channel, ulong extensionId, ReadOnlySpan<byte> payload)
    {
        WriteHeader(output, channel, MessageType.Extension, Varint.Size(extensionId) + payload.Length);
        Varint.Write(output, extensionId);
        output.Write(payload);
    }

    /// <summary>Total bytes of a frame with a body of <paramref name="bodyLength"/> bytes.</summary>
    public static int FrameLength(ulong channel, MessageType type, int bodyLength)
    {
        var inner = Varint.Size(Header(channel, type)) + bodyLength;
        return Varint.Size((ulong)inner) + inner;
    }

    /// <summary>Writes varint(L) ‖ varint(header); the caller writes exactly <paramref name="bodyLength"/> body bytes next.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, ulong channel, MessageType type, int bodyLength)
    {
        var header = Header(channel, type);
        var span = output.GetSpan(2 * Varint.MaxLength);
        var n = Varint.Write(span, (ulong)(Varint.Size(header) + bodyLength));
        n += Varint.Write(span[n..], header);
        output.Advance(n);
    }

    private static ulong Header(ulong channel, MessageType type)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, MaxChannel);
        return channel << 4 | (byte)type;
    }
}

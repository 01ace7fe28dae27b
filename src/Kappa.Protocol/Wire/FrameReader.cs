using System.Runtime.CompilerServices;
using System.Buffers;

namespace Kappa.Protocol.Wire;

/// <summary>
/// Incremental frame decoder (simple-message-channels 1.2.1 receive rules, layout in
/// <see cref="FrameWriter"/>):
/// <list type="bullet">
/// <item>varints longer than 8 bytes → <see cref="ProtocolException.BadVarint"/> ("Incoming varint is invalid");</item>
/// <item>body length <c>L - len(header)</c> outside 0..maxBodyLength → <see cref="ProtocolException.FrameTooLarge"/>
/// ("Incoming message is larger than max size"); a declared L that cannot fit is refused as soon
/// as its varint is read, before waiting for (or buffering) the body;</item>
/// <item>keep-alives (L = 0) and types 11–14 are consumed and skipped.</item>
/// </list>
/// </summary>
internal static class FrameReader
{
    /// <summary>hypercore-protocol 7's default maximum body size (8 MiB).</summary>
    public const int DefaultMaxBodyLength = 8 * 1024 * 1024;

    /// <summary>
    /// Tries to take the next frame from the start of <paramref name="buffer"/>. On true,
    /// <paramref name="buffer"/> starts after the frame; on false (incomplete) it starts at the
    /// first unread byte (past any keep-alives or ignored frames that were skipped) and the caller
    /// must wait for more bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out Frame frame, int maxBodyLength = DefaultMaxBodyLength)
    {
        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!Varint.TryRead(ref reader, out var length, Varint.MaxFrameVarintLength)) break;
            if (length == 0)
            {
                buffer = buffer.Slice(reader.Position); // keep-alive
                continue;
            }
            if (length > (ulong)maxBodyLength + Varint.MaxFrameVarintLength) throw TooLarge(maxBodyLength);

            var before = reader.Consumed;
            if (!Varint.TryRead(ref reader, out var header, Varint.MaxFrameVarintLength)) break;
            var headerLength = (ulong)(reader.Consumed - before);
            if (length < headerLength || length - headerLength > (ulong)maxBodyLength) throw TooLarge(maxBodyLength);

            var bodyLength = (long)(length - headerLength);
            if (reader.Remaining < bodyLength) break;
            var body = buffer.Slice(reader.Position, bodyLength);
            buffer = buffer.Slice(body.End);

            var type = (byte)(header & 0x0f);
            if (type is >= 11 and <= 14) continue; // unassigned types: ignored like the JS
            frame = new Frame(header >> 4, (MessageType)type, body);
            return true;
        }
        frame = default;
        return false;
    }

    private static ProtocolException TooLarge(int max) =>
        new(ProtocolException.FrameTooLarge, $"Incoming message is larger than max size ({max} bytes).");
}

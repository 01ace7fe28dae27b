using System.Buffers;

namespace Kappa.Protocol.Wire;

/// <summary>
/// One decoded frame: the sender's channel id, the message type and the undecoded body.
/// <see cref="Body"/> points into the reader's buffer; it is only valid until the reader
/// moves on (see <see cref="FrameReader"/> and the secure connection's read loop).
/// </summary>
internal readonly record struct Frame(ulong Channel, MessageType Type, ReadOnlySequence<byte> Body)
{
    /// <summary>The body length in bytes.</summary>
    public int Length => (int)Body.Length;
}

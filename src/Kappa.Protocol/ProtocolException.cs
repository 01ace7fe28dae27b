using Kappa.Hypercore;

namespace Kappa.Protocol;

/// <summary>
/// A failure of the replication wire protocol (framing, message decoding, Noise handshake,
/// capabilities, liveness). The connection that raised it is unusable afterwards, exactly as
/// hypercore-protocol 7 destroys the stream on each of these conditions.
/// </summary>
public sealed class ProtocolException : KappaException
{
    /// <summary>A frame declares a body larger than the limit (8 MiB by default) or a negative one.</summary>
    public const string FrameTooLarge = "KAPPA_PROTOCOL_FRAME_TOO_LARGE";

    /// <summary>A varint is longer than the reader accepts (8 bytes for frame headers, 10 for 64 bits).</summary>
    public const string BadVarint = "KAPPA_PROTOCOL_BAD_VARINT";

    /// <summary>A message body could not be decoded (malformed protobuf, missing required field, bad RLE).</summary>
    public const string Decode = "KAPPA_PROTOCOL_DECODE";

    /// <summary>The Noise handshake failed (bad tag, bad key, malformed or missing payload).</summary>
    public const string Handshake = "KAPPA_PROTOCOL_HANDSHAKE";

    /// <summary>A remote channel capability did not verify.</summary>
    public const string Capability = "KAPPA_PROTOCOL_CAPABILITY";

    /// <summary>Nothing was received for the idle timeout (hypercore-protocol's <c>ETIMEDOUT</c>).</summary>
    public const string Timeout = "KAPPA_PROTOCOL_TIMEOUT";

    /// <summary>The remote closed the transport in the middle of a handshake message or a frame.</summary>
    public const string Truncated = "KAPPA_PROTOCOL_TRUNCATED";

    /// <summary>The underlying transport failed (reset, broken pipe) or the remote stopped reading.</summary>
    public const string TransportFailed = "KAPPA_PROTOCOL_TRANSPORT";

    /// <summary>The connection was aborted locally (the message says why) or used after it ended.</summary>
    public const string Aborted = "KAPPA_PROTOCOL_ABORTED";

    /// <summary>Creates a protocol error with one of the codes above.</summary>
    public ProtocolException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }
}

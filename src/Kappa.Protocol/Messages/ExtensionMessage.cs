using System.Buffers;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Messages;

/// <summary>
/// Body of an Extension frame (type 15, simple-hypercore-protocol 1.5.0 / abstract-extension 3):
/// <code>
/// body = varint(extensionId) ‖ payload      (not protobuf)
/// </code>
/// The id indexes the sender's sorted extension list announced in Options. multifeed 5's
/// payloads are UTF-8 JSON. Writing: <see cref="FrameWriter.WriteExtension"/>.
/// </summary>
internal readonly record struct ExtensionMessage(ulong Id, ReadOnlySequence<byte> Payload)
{
    /// <summary>Splits an Extension body; a missing or malformed id is a <see cref="ProtocolException.Decode"/> error.</summary>
    public static ExtensionMessage Parse(in ReadOnlySequence<byte> body)
    {
        var reader = new SequenceReader<byte>(body);
        try
        {
            if (Varint.TryRead(ref reader, out var id))
                return new ExtensionMessage(id, body.Slice(reader.Position));
        }
        catch (ProtocolException e) when (e.Code == ProtocolException.BadVarint)
        {
            throw new ProtocolException(ProtocolException.Decode, "Extension message has an invalid id.", e);
        }
        throw new ProtocolException(ProtocolException.Decode, "Extension message has no id.");
    }
}

using System.Buffers;
using Google.Protobuf;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Messages;

/// <summary>
/// Decodes frame bodies like protocol-buffers JS does for simple-hypercore-protocol 1.5.0:
/// unknown fields are skipped (not kept), invalid wire types are errors, absent optional fields read as their defaults
/// (<c>Have.Length</c> 1, <c>Want.Length</c> 0, bools false; use <c>HasX</c> to tell "absent"
/// from "sent"), and a missing required field is an error. Every failure is a
/// <see cref="ProtocolException"/> with code <see cref="ProtocolException.Decode"/>.
/// Byte fields are copied out of the body, so decoded messages outlive the frame buffer.
/// </summary>
internal static class MessageCodec
{
    /// <summary>Decodes a body as <typeparamref name="T"/> and checks its required fields.</summary>
    public static T Decode<T>(in ReadOnlySequence<byte> body) where T : IMessage<T>, new()
    {
        T message;
        WireTypeCheck.Validate(body, nestedMessageField: typeof(T) == typeof(Data) ? Data.NodesFieldNumber : 0);
        try
        {
            message = ParserOf<T>.Instance.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ProtocolException(ProtocolException.Decode, $"Could not decode {typeof(T).Name}: {e.Message}", e);
        }
        if (!HasRequiredFields(message))
            throw new ProtocolException(ProtocolException.Decode, $"Could not decode {typeof(T).Name}: a required field is missing.");
        return message;
    }

    /// <summary>
    /// Decodes the body of any protobuf-typed frame (types 0–10). Extension frames are not
    /// protobuf: use <see cref="ExtensionMessage.Parse"/>.
    /// </summary>
    public static IMessage Decode(MessageType type, in ReadOnlySequence<byte> body) => type switch
    {
        MessageType.Open => Decode<Open>(body),
        MessageType.Options => Decode<Options>(body),
        MessageType.Status => Decode<Status>(body),
        MessageType.Have => Decode<Have>(body),
        MessageType.Unhave => Decode<Unhave>(body),
        MessageType.Want => Decode<Want>(body),
        MessageType.Unwant => Decode<Unwant>(body),
        MessageType.Request => Decode<Request>(body),
        MessageType.Cancel => Decode<Cancel>(body),
        MessageType.Data => Decode<Data>(body),
        MessageType.Close => Decode<Close>(body),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a protobuf message type."),
    };

    /// <summary>The protobuf type carried by frames of <paramref name="type"/>.</summary>
    public static bool IsProtobuf(MessageType type) => type <= MessageType.Close;

    // Checked by hand rather than with Google.Protobuf's reflection-based IsInitialized():
    // this runs for every Data frame.
    private static bool HasRequiredFields(IMessage message) => message switch
    {
        Open m => m.HasDiscoveryKey,
        Have m => m.HasStart,
        Unhave m => m.HasStart,
        Want m => m.HasStart,
        Unwant m => m.HasStart,
        Request m => m.HasIndex,
        Cancel m => m.HasIndex,
        Data m => m.HasIndex && NodesComplete(m),
        DataNode m => m.HasIndex && m.HasHash && m.HasSize,
        NoisePayload m => m.HasNonce,
        _ => true,
    };

    private static bool NodesComplete(Data data)
    {
        foreach (var node in data.Nodes)
            if (!node.HasIndex || !node.HasHash || !node.HasSize) return false;
        return true;
    }

    private static class ParserOf<T> where T : IMessage<T>, new()
    {
        // The JS decoder drops unknown fields; keeping them would also let a peer make us hold
        // arbitrary bytes per message.
        public static readonly MessageParser<T> Instance = new MessageParser<T>(() => new T()).WithDiscardUnknownFields(true);
    }
}

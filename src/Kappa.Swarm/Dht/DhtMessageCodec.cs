using Google.Protobuf;

namespace Kappa.Swarm.Dht;

/// <summary>
/// dht-rpc 4.9.6's <c>Message</c>, one per UDP datagram, no other framing:
/// <code>
/// field            no  kind    notes
/// version          11  varint  written first (JS writes fields in declaration order)
/// type              1  varint  required: 1 query, 2 update, 3 response
/// rid               2  varint  required: 16-bit request id, echoed by the response
/// to               10  bytes   6-byte IPv4:port of the recipient
/// id                3  bytes   32-byte node id (absent from ephemeral nodes)
/// target            4  bytes   32 bytes
/// closerNodes       5  bytes   n × 38-byte node records
/// roundtripToken    6  bytes
/// command           7  string
/// error             8  string
/// value             9  bytes
/// </code>
/// Hand-coded over Google.Protobuf's CodedOutputStream/CodedInputStream because generated
/// Google.Protobuf code writes fields in field-number order (type, rid, id, … , to, version),
/// while the JS encoder (protocol-buffers 4) writes them in declaration order; golden tests pin
/// the JS bytes. The decoder accepts any order, skips unknown fields and rejects wrong wire types.
/// </summary>
internal static class DhtMessageCodec
{
    private const uint TypeTag = 1 << 3, RidTag = 2 << 3, VersionTag = 11 << 3;
    private const uint ToTag = (10 << 3) | 2, IdTag = (3 << 3) | 2, TargetTag = (4 << 3) | 2, CloserNodesTag = (5 << 3) | 2;
    private const uint TokenTag = (6 << 3) | 2, CommandTag = (7 << 3) | 2, ErrorTag = (8 << 3) | 2, ValueTag = (9 << 3) | 2;

    /// <summary>The datagram for <paramref name="m"/>.</summary>
    public static byte[] Encode(DhtMessage m)
    {
        var size = (m.Version is { } v ? 1 + CodedOutputStream.ComputeUInt64Size(v) : 0)
            + 1 + CodedOutputStream.ComputeEnumSize((int)m.Type)
            + 1 + CodedOutputStream.ComputeUInt64Size(m.Rid)
            + BytesSize(m.To) + BytesSize(m.Id) + BytesSize(m.Target) + BytesSize(m.CloserNodes)
            + BytesSize(m.RoundtripToken) + StringSize(m.Command) + StringSize(m.Error) + BytesSize(m.Value);
        var buffer = new byte[size];
        var output = new CodedOutputStream(buffer);
        if (m.Version is { } version)
        {
            output.WriteTag(VersionTag);
            output.WriteUInt64(version);
        }
        output.WriteTag(TypeTag);
        output.WriteEnum((int)m.Type);
        output.WriteTag(RidTag);
        output.WriteUInt64(m.Rid);
        WriteBytes(output, ToTag, m.To);
        WriteBytes(output, IdTag, m.Id);
        WriteBytes(output, TargetTag, m.Target);
        WriteBytes(output, CloserNodesTag, m.CloserNodes);
        WriteBytes(output, TokenTag, m.RoundtripToken);
        WriteString(output, CommandTag, m.Command);
        WriteString(output, ErrorTag, m.Error);
        WriteBytes(output, ValueTag, m.Value);
        output.Flush();
        output.CheckNoSpaceLeft();
        return buffer;
    }

    /// <summary>Reads one datagram; throws <see cref="DhtException"/> (KAPPA_DHT_BAD_MESSAGE) on anything malformed.</summary>
    public static DhtMessage Decode(byte[] buffer, int offset, int length)
    {
        try
        {
            return Read(new CodedInputStream(buffer, offset, length));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw DhtException.BadMessage(e.Message, e);
        }
    }

    /// <summary>Reads a whole array as one datagram.</summary>
    public static DhtMessage Decode(byte[] datagram) => Decode(datagram, 0, datagram.Length);

    private static DhtMessage Read(CodedInputStream input)
    {
        ulong? version = null, type = null, rid = null;
        byte[]? to = null, id = null, target = null, closer = null, token = null, value = null;
        string? command = null, error = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case VersionTag: version = input.ReadUInt64(); break;
                case TypeTag: type = input.ReadUInt64(); break;
                case RidTag: rid = input.ReadUInt64(); break;
                case ToTag: to = input.ReadBytes().ToByteArray(); break;
                case IdTag: id = input.ReadBytes().ToByteArray(); break;
                case TargetTag: target = input.ReadBytes().ToByteArray(); break;
                case CloserNodesTag: closer = input.ReadBytes().ToByteArray(); break;
                case TokenTag: token = input.ReadBytes().ToByteArray(); break;
                case CommandTag: command = input.ReadString(); break;
                case ErrorTag: error = input.ReadString(); break;
                case ValueTag: value = input.ReadBytes().ToByteArray(); break;
                default:
                    if (WireFormat.GetTagFieldNumber(tag) is >= 1 and <= 11)
                        throw DhtException.BadMessage($"field {WireFormat.GetTagFieldNumber(tag)} has wire type {WireFormat.GetTagWireType(tag)}");
                    input.SkipLastField();
                    break;
            }
        }
        if (type is null || rid is null) throw DhtException.BadMessage("type and rid are required");
        if (type is < 1 or > 3) throw DhtException.BadMessage($"unknown type {type}");
        return new DhtMessage
        {
            Version = version, Type = (DhtMessageType)type.Value, Rid = rid.Value, To = to, Id = id, Target = target,
            CloserNodes = closer, RoundtripToken = token, Command = command, Error = error, Value = value,
        };
    }

    private static int BytesSize(byte[]? bytes) =>
        bytes is null ? 0 : 1 + CodedOutputStream.ComputeLengthSize(bytes.Length) + bytes.Length;

    private static int StringSize(string? s) => s is null ? 0 : 1 + CodedOutputStream.ComputeStringSize(s);

    private static void WriteBytes(CodedOutputStream output, uint tag, byte[]? bytes)
    {
        if (bytes is null) return;
        output.WriteTag(tag);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(bytes));
    }

    private static void WriteString(CodedOutputStream output, uint tag, string? s)
    {
        if (s is null) return;
        output.WriteTag(tag);
        output.WriteString(s);
    }
}

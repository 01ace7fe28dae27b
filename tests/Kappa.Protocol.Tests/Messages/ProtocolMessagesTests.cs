using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Messages;

/// <summary>Every entry of protocol-messages.json, both directions.</summary>
public class ProtocolMessagesTests
{
    private static readonly JsonElement V = Vectors.Load("protocol-messages.json");

    public static TheoryData<int> MessageIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < V.GetProperty("messages").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static JsonElement Entry(int i) => V.GetProperty("messages")[i];

    [Theory]
    [MemberData(nameof(MessageIndexes))]
    public void Message_encodes_to_exactly_the_JS_body_and_frame(int i)
    {
        var m = Entry(i);
        var type = (MessageType)m.Num("typeId");
        var channel = (ulong)m.Num("channel");
        var output = new ArrayBufferWriter<byte>();
        if (type == MessageType.Extension)
        {
            var fields = m.GetProperty("fields");
            FrameWriter.WriteExtension(output, channel, (ulong)fields.Num("id"), Encoding.UTF8.GetBytes(fields.Str("payloadUtf8")));
        }
        else
        {
            var message = JsonMessages.Build(JsonMessages.Descriptor(type), m.GetProperty("fields"));
            Assert.Equal(m.Str("bodyHex"), Convert.ToHexStringLower(message.ToByteArray()));
            FrameWriter.Write(output, channel, type, message);
        }
        Assert.Equal(m.Str("framedHex"), Convert.ToHexStringLower(output.WrittenSpan));
        Assert.Equal(output.WrittenCount, FrameWriter.FrameLength(channel, type, m.HexProp("bodyHex").Length));
    }

    [Theory]
    [MemberData(nameof(MessageIndexes))]
    public void Frame_decodes_to_the_JS_decoder_output(int i)
    {
        var m = Entry(i);
        var buffer = new ReadOnlySequence<byte>(m.HexProp("framedHex"));
        Assert.True(FrameReader.TryRead(ref buffer, out var frame));
        Assert.True(buffer.IsEmpty);
        Assert.Equal((ulong)m.Num("channel"), frame.Channel);
        Assert.Equal((MessageType)m.Num("typeId"), frame.Type);
        Assert.Equal(m.Str("bodyHex"), Convert.ToHexStringLower(frame.Body.ToArray()));
        if (frame.Type == MessageType.Extension)
        {
            var extension = ExtensionMessage.Parse(frame.Body);
            Assert.Equal((ulong)m.GetProperty("fields").Num("id"), extension.Id);
            Assert.Equal(m.GetProperty("fields").Str("payloadUtf8"), Encoding.UTF8.GetString(extension.Payload.ToArray()));
        }
        else
        {
            JsonMessages.AssertDecoded(m.GetProperty("decoded"), MessageCodec.Decode(frame.Type, frame.Body));
        }
    }

    [Fact]
    public void Absent_fields_decode_to_the_JS_defaults()
    {
        foreach (var entry in V.GetProperty("decoderDefaults").EnumerateObject())
        {
            var type = Enum.Parse<MessageType>(entry.Name);
            var decoded = MessageCodec.Decode(type, new ReadOnlySequence<byte>(entry.Value.HexProp("bodyHex")));
            JsonMessages.AssertDecoded(entry.Value.GetProperty("decoded"), decoded);
        }
    }

    [Fact]
    public void Unknown_fields_are_skipped_and_not_kept()
    {
        var u = V.GetProperty("unknownFieldsSkipped");
        var have = MessageCodec.Decode<Have>(new ReadOnlySequence<byte>(u.HexProp("bodyHex")));
        JsonMessages.AssertDecoded(u.GetProperty("decodedHave"), have);
        Assert.Equal("0801", Convert.ToHexStringLower(have.ToByteArray()));
    }

    [Fact]
    public void The_noise_payload_and_the_keep_alive_match()
    {
        var p = V.GetProperty("noisePayload");
        Assert.Equal(p.Str("encodedHex"), Convert.ToHexStringLower(WireMessages.NoisePayload(p.HexProp("nonceHex")).ToByteArray()));
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteKeepAlive(output);
        Assert.Equal(V.Str("keepAliveFramedHex"), Convert.ToHexStringLower(output.WrittenSpan));
    }

    [Theory]
    [InlineData((int)MessageType.Have, "1001")]          // no start
    [InlineData((int)MessageType.Request, "1000")]       // no index
    [InlineData((int)MessageType.Open, "1200")]          // no discoveryKey
    [InlineData((int)MessageType.Data, "1a020801")]      // node without hash and size
    [InlineData((int)MessageType.Data, "1200")]          // no index
    public void A_missing_required_field_is_a_decode_error(int type, string bodyHex)
    {
        var e = Assert.Throws<ProtocolException>(() => MessageCodec.Decode((MessageType)type, new ReadOnlySequence<byte>(Convert.FromHexString(bodyHex))));
        Assert.Equal(ProtocolException.Decode, e.Code);
    }

    [Theory]
    [InlineData((int)MessageType.Have, "08")]            // truncated varint
    [InlineData((int)MessageType.Open, "0a20aabb")]      // bytes field runs past the end
    [InlineData((int)MessageType.Status, "0f")]          // wire type 7: protocol-buffers JS throws
    [InlineData((int)MessageType.Have, "0801160000")]    // wire type 6 after a valid field
    [InlineData((int)MessageType.Status, "0b0c")]        // a group (wire types 3/4) is not accepted either
    [InlineData((int)MessageType.Data, "08001a020f00")]  // invalid wire type inside a node
    [InlineData((int)MessageType.Have, "0801190102")]    // fixed64 field runs past the end
    public void A_malformed_body_is_a_decode_error(int type, string bodyHex)
    {
        var e = Assert.Throws<ProtocolException>(() => MessageCodec.Decode((MessageType)type, new ReadOnlySequence<byte>(Convert.FromHexString(bodyHex))));
        Assert.Equal(ProtocolException.Decode, e.Code);
    }

    [Fact]
    public void An_extension_body_without_an_id_is_a_decode_error()
    {
        Assert.Equal(ProtocolException.Decode, Assert.Throws<ProtocolException>(() => ExtensionMessage.Parse(ReadOnlySequence<byte>.Empty)).Code);
        Assert.Equal(ProtocolException.Decode, Assert.Throws<ProtocolException>(() => ExtensionMessage.Parse(new ReadOnlySequence<byte>([0x80]))).Code);
    }

    [Fact]
    public void Decoded_byte_fields_do_not_alias_the_frame_buffer()
    {
        var body = Convert.FromHexString("08031203616263");
        var data = MessageCodec.Decode<Data>(new ReadOnlySequence<byte>(body));
        body[4] = 0;
        Assert.Equal("abc", data.Value.ToStringUtf8());
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Noise;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Support;

/// <summary>One of the replication transcripts: secrets, wire bytes and the plaintext messages per direction.</summary>
internal sealed class Transcript(string file)
{
    public const int InitiatorHandshakeBytes = 59 + 91;
    public const int ResponderHandshakeBytes = 123;

    public JsonElement Root { get; } = Vectors.Load(file);

    public byte[] AToB => Root.GetProperty("wire").HexProp("aToB");

    public byte[] BToA => Root.GetProperty("wire").HexProp("bToA");

    public JsonElement Secrets(string peer) => Root.GetProperty("peer" + peer).GetProperty("secrets");

    /// <summary>Plaintext messages sent by <paramref name="peer"/> ("A" or "B"), in send order; markers skipped.</summary>
    public JsonElement[] MessagesFrom(string peer) => Root.GetProperty("messages").EnumerateArray()
        .Where(m => m.TryGetProperty("from", out var f) && f.GetString() == peer).ToArray();

    /// <summary>Recorded chunk sizes of one direction ("A->B" or "B->A").</summary>
    public int[] Chunks(string direction) => Root.GetProperty("wire").GetProperty("chunks").EnumerateArray()
        .Where(c => c.Str("dir") == direction).Select(c => (int)c.Num("bytes")).ToArray();

    public NoiseKeyPair StaticKeys(string peer) =>
        new(Secrets(peer).HexProp("noiseStaticPublicKey"), Secrets(peer).HexProp("noiseStaticSecretKey"));

    public NoiseKeyPair EphemeralKeys(string peer) => NoiseKeyPair.FromSeed(Secrets(peer).GetProperty("noiseEphemeral").HexProp("seed"));

    public SecureConnectionOptions Options(string peer) => new()
    {
        StaticKeyPair = StaticKeys(peer),
        EphemeralKeyPair = EphemeralKeys(peer),
        TransportNonce = Secrets(peer).HexProp("xsalsa20Nonce"),
        IdleTimeout = TimeSpan.Zero,
    };

    /// <summary>The message rebuilt the way hypercore 8 / multifeed 5 build it (only <c>sentFields</c>), framed.</summary>
    public static byte[] Rebuild(JsonElement m)
    {
        var output = new ArrayBufferWriter<byte>();
        var type = (MessageType)m.Num("typeId");
        var channel = (ulong)m.Num("channel");
        if (type == MessageType.Extension)
        {
            var payload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(m.GetProperty("payloadJson")));
            FrameWriter.WriteExtension(output, channel, (ulong)m.Num("extensionId"), payload);
        }
        else
        {
            FrameWriter.Write(output, channel, type, BuildLikeHypercore(m));
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Calls our builders with what the JS passed (its <c>sentFields</c>).</summary>
    public static IMessage BuildLikeHypercore(JsonElement m)
    {
        var f = m.GetProperty("fields");
        var sent = m.GetProperty("sentFields").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        byte[] Bytes(JsonElement e, string name) => e.GetProperty(name).HexProp("hex");
        ulong U(JsonElement e, string name) => e.GetProperty(name).GetUInt64();
        return (MessageType)m.Num("typeId") switch
        {
            MessageType.Open => WireMessages.Open(Bytes(f, "discoveryKey"), Bytes(f, "capability")),
            MessageType.Options => WireMessages.Options(f.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()!)),
            MessageType.Status => WireMessages.Status(f.GetProperty("uploading").GetBoolean(), f.GetProperty("downloading").GetBoolean()),
            MessageType.Have => WireMessages.Have(U(f, "start"),
                sent.Contains("length") ? U(f, "length") : null,
                sent.Contains("bitfield") ? Bytes(f, "bitfield") : null),
            MessageType.Want => WireMessages.Want(U(f, "start"), U(f, "length")),
            MessageType.Request => WireMessages.Request(U(f, "index"), nodes: U(f, "nodes")),
            MessageType.Data => WireMessages.Data(U(f, "index"),
                Bytes(f, "value"),
                f.GetProperty("nodes").EnumerateArray().Select(n => WireMessages.Node(U(n, "index"), Bytes(n, "hash"), U(n, "size"))),
                f.GetProperty("signature").ValueKind == JsonValueKind.Null ? default : Bytes(f, "signature")),
            MessageType.Close => WireMessages.Close(),
            var t => throw new NotSupportedException(t.ToString()),
        };
    }

    /// <summary>Asserts that a received frame is the recorded message <paramref name="m"/>.</summary>
    public static void AssertFrame(JsonElement m, Frame frame, byte[] rawFrame)
    {
        Assert.Equal((ulong)m.Num("channel"), frame.Channel);
        Assert.Equal((MessageType)m.Num("typeId"), frame.Type);
        Assert.Equal(m.Str("framedHex"), Convert.ToHexStringLower(rawFrame));
        if (frame.Type == MessageType.Extension)
        {
            var extension = ExtensionMessage.Parse(frame.Body);
            Assert.Equal((ulong)m.Num("extensionId"), extension.Id);
            using var payload = JsonDocument.Parse(extension.Payload.ToArray());
            Assert.True(JsonElement.DeepEquals(m.GetProperty("payloadJson"), payload.RootElement), "extension payload");
        }
        else
        {
            JsonMessages.AssertDecoded(m.GetProperty("fields"), MessageCodec.Decode(frame.Type, frame.Body));
        }
    }
}

using System.Buffers;
using Google.Protobuf;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Noise;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Transport;

/// <summary>Replays both JS transcripts offline: handshake bytes, decryption, frames, re-encoding.</summary>
public class ReplicationTranscriptTests
{
    public static TheoryData<string> Files => new() { "replication-transcript.json", "replication-transcript-live.json" };

    [Theory]
    [MemberData(nameof(Files))]
    public void The_handshake_rerun_from_the_secrets_gives_the_exact_wire_bytes(string file)
    {
        var t = new Transcript(file);
        var payloadA = WireMessages.NoisePayload(t.Secrets("A").HexProp("xsalsa20Nonce")).ToByteArray();
        var payloadB = WireMessages.NoisePayload(t.Secrets("B").HexProp("xsalsa20Nonce")).ToByteArray();
        using var a = new NoiseHandshake(true, payloadA, t.StaticKeys("A"), t.EphemeralKeys("A"));
        using var b = new NoiseHandshake(false, payloadB, t.StaticKeys("B"), t.EphemeralKeys("B"));
        Assert.Equal(t.Secrets("A").GetProperty("noiseEphemeral").Str("publicKey"), Vectors.Hex(t.EphemeralKeys("A").PublicKey));

        var m1 = a.WriteFramedMessage();
        b.ReadMessage(m1.AsSpan(1));
        var m2 = b.WriteFramedMessage();
        a.ReadMessage(m2.AsSpan(1));
        var m3 = a.WriteFramedMessage();
        b.ReadMessage(m3.AsSpan(1));

        Assert.Equal(Vectors.Hex(t.AToB.AsSpan(0, 59)), Vectors.Hex(m1));
        Assert.Equal(Vectors.Hex(t.BToA.AsSpan(0, 123)), Vectors.Hex(m2));
        Assert.Equal(Vectors.Hex(t.AToB.AsSpan(59, 91)), Vectors.Hex(m3));
        Assert.Equal(t.Secrets("A").Str("splitTx"), Vectors.Hex(a.Result!.TransmitKey));
        Assert.Equal(t.Secrets("A").Str("splitRx"), Vectors.Hex(a.Result.ReceiveKey));
        Assert.Equal(t.Secrets("B").Str("splitTx"), Vectors.Hex(b.Result!.TransmitKey));
        Assert.Equal(t.Secrets("B").Str("splitRx"), Vectors.Hex(b.Result.ReceiveKey));
        Assert.Equal(t.Secrets("A").Str("remoteNoiseStaticPublicKey"), Vectors.Hex(a.Result.RemoteStaticKey));
        Assert.Equal(t.Secrets("B").Str("remoteNoiseStaticPublicKey"), Vectors.Hex(b.Result.RemoteStaticKey));
    }

    [Theory]
    [InlineData("replication-transcript.json", "A")]
    [InlineData("replication-transcript.json", "B")]
    [InlineData("replication-transcript-live.json", "A")]
    [InlineData("replication-transcript-live.json", "B")]
    public void Each_decrypted_direction_is_exactly_the_recorded_message_sequence(string file, string sender)
    {
        var t = new Transcript(file);
        var wire = sender == "A" ? t.AToB[Transcript.InitiatorHandshakeBytes..] : t.BToA[Transcript.ResponderHandshakeBytes..];
        using (var cipher = new XSalsa20Stream(t.Secrets(sender).HexProp("splitTx"), t.Secrets(sender).HexProp("xsalsa20Nonce")))
            cipher.Xor(wire);

        var expected = t.MessagesFrom(sender);
        var buffer = new ReadOnlySequence<byte>(wire);
        var i = 0;
        while (true)
        {
            var start = wire.Length - buffer.Length;
            if (!FrameReader.TryRead(ref buffer, out var frame)) break;
            var raw = wire[(int)start..(int)(wire.Length - buffer.Length)];
            Assert.True(i < expected.Length, $"more frames than the {expected.Length} recorded");
            Transcript.AssertFrame(expected[i], frame, raw);
            i++;
        }
        Assert.True(buffer.IsEmpty, "trailing bytes after the last frame");
        Assert.Equal(expected.Length, i);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Our_builders_reproduce_every_recorded_frame(string file)
    {
        var t = new Transcript(file);
        foreach (var m in t.MessagesFrom("A").Concat(t.MessagesFrom("B")))
            Assert.Equal(m.Str("framedHex"), Convert.ToHexStringLower(Transcript.Rebuild(m)));
    }
}

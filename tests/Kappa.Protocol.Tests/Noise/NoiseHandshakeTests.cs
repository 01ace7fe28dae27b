using System.Text.Json;
using Kappa.Protocol.Noise;
using Kappa.Protocol.Transport;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Noise;

public class NoiseHandshakeTests
{
    private static readonly JsonElement V = Vectors.Load("noise.json");

    private static (NoiseHandshake I, NoiseHandshake R) FromVector()
    {
        var i = V.GetProperty("initiator");
        var r = V.GetProperty("responder");
        var initiator = new NoiseHandshake(true, i.HexProp("payload"), NoiseKeyPair.FromSeed(i.HexProp("staticSeed")), NoiseKeyPair.FromSeed(i.HexProp("ephemeralSeed")));
        var responder = new NoiseHandshake(false, r.HexProp("payload"), NoiseKeyPair.FromSeed(r.HexProp("staticSeed")), NoiseKeyPair.FromSeed(r.HexProp("ephemeralSeed")));
        return (initiator, responder);
    }

    [Fact]
    public void Seeded_key_pairs_match_the_vector()
    {
        foreach (var side in new[] { "initiator", "responder" })
        {
            var s = V.GetProperty(side);
            using var st = NoiseKeyPair.FromSeed(s.HexProp("staticSeed"));
            using var eph = NoiseKeyPair.FromSeed(s.HexProp("ephemeralSeed"));
            Assert.Equal(s.Str("staticPublicKey"), Vectors.Hex(st.PublicKey));
            Assert.Equal(s.Str("staticSecretKey"), Vectors.Hex(st.SecretKey));
            Assert.Equal(s.Str("ephemeralPublicKey"), Vectors.Hex(eph.PublicKey));
            Assert.Equal(s.Str("ephemeralSecretKey"), Vectors.Hex(eph.SecretKey));
        }
    }

    [Fact]
    public void All_three_messages_payloads_hash_and_split_keys_are_byte_exact()
    {
        var (initiator, responder) = FromVector();
        var messages = V.GetProperty("messages").EnumerateArray().ToArray();
        var received = V.GetProperty("received");

        // Message 1 unframed, messages 2 and 3 framed: both forms are checked against the vector.
        var m1 = initiator.WriteMessage();
        Assert.Equal(messages[0].Str("noiseMessage"), Vectors.Hex(m1));
        Assert.Equal(messages[0].Str("framed"), "3a" + Vectors.Hex(m1));
        Assert.Equal(received.Str("responderReceivedPayload1"), Vectors.Hex(responder.ReadMessage(m1)));

        var m2 = responder.WriteFramedMessage();
        Assert.Equal(messages[1].Str("framed"), Vectors.Hex(m2));
        Assert.Equal(messages[1].Str("noiseMessage"), Vectors.Hex(m2.AsSpan(1)));
        Assert.Equal(received.Str("initiatorReceivedPayload2"), Vectors.Hex(initiator.ReadMessage(m2.AsSpan(1))));

        var m3 = initiator.WriteFramedMessage();
        Assert.Equal(messages[2].Str("framed"), Vectors.Hex(m3));
        Assert.Equal(messages[2].Str("noiseMessage"), Vectors.Hex(m3.AsSpan(1)));
        Assert.Equal(received.Str("responderReceivedPayload3"), Vectors.Hex(responder.ReadMessage(m3.AsSpan(1))));

        Assert.True(initiator.IsComplete && responder.IsComplete);
        var ri = initiator.Result!;
        var rr = responder.Result!;
        Assert.Equal(V.Str("handshakeHash"), Vectors.Hex(ri.HandshakeHash));
        Assert.Equal(V.Str("handshakeHash"), Vectors.Hex(rr.HandshakeHash));
        var split = V.GetProperty("split");
        Assert.Equal(split.GetProperty("initiator").Str("tx"), Vectors.Hex(ri.TransmitKey));
        Assert.Equal(split.GetProperty("initiator").Str("rx"), Vectors.Hex(ri.ReceiveKey));
        Assert.Equal(split.GetProperty("responder").Str("tx"), Vectors.Hex(rr.TransmitKey));
        Assert.Equal(split.GetProperty("responder").Str("rx"), Vectors.Hex(rr.ReceiveKey));
        Assert.Equal(V.GetProperty("remoteStaticSeenBy").Str("initiator"), Vectors.Hex(ri.RemoteStaticKey));
        Assert.Equal(V.GetProperty("remoteStaticSeenBy").Str("responder"), Vectors.Hex(rr.RemoteStaticKey));
        Assert.Equal(V.GetProperty("responder").Str("payload"), Vectors.Hex(ri.RemotePayload));
        Assert.Equal(V.GetProperty("initiator").Str("payload"), Vectors.Hex(rr.RemotePayload));
    }

    [Fact]
    public void Turns_alternate_and_out_of_turn_calls_are_refused()
    {
        var (initiator, responder) = FromVector();
        Assert.True(initiator.IsMyTurn);
        Assert.False(responder.IsMyTurn);
        Assert.Throws<InvalidOperationException>(() => responder.WriteMessage());
        Assert.Throws<InvalidOperationException>(() => initiator.ReadMessage(new byte[58]));
        responder.ReadMessage(initiator.WriteMessage());
        Assert.True(responder.IsMyTurn);
        Assert.False(initiator.IsMyTurn);
    }

    [Fact]
    public void A_tampered_second_message_fails_with_a_handshake_error()
    {
        var (initiator, responder) = FromVector();
        responder.ReadMessage(initiator.WriteMessage());
        var m2 = responder.WriteMessage();
        m2[40] ^= 1; // inside the encrypted static key
        var e = Assert.Throws<ProtocolException>(() => initiator.ReadMessage(m2));
        Assert.Equal(ProtocolException.Handshake, e.Code);
    }

    [Fact]
    public void A_truncated_message_fails_with_a_handshake_error()
    {
        var (initiator, responder) = FromVector();
        responder.ReadMessage(initiator.WriteMessage());
        var m2 = responder.WriteMessage();
        var e = Assert.Throws<ProtocolException>(() => initiator.ReadMessage(m2.AsSpan(0, 60)));
        Assert.Equal(ProtocolException.Handshake, e.Code);
        e = Assert.Throws<ProtocolException>(() => FromVector().R.ReadMessage(new byte[10]));
        Assert.Equal(ProtocolException.Handshake, e.Code);
    }

    [Fact]
    public void Random_keys_on_both_sides_agree_on_mirrored_split_keys()
    {
        using var initiator = new NoiseHandshake(true, [0x0a, 0x00]);
        using var responder = new NoiseHandshake(false, [0x0a, 0x01, 0x07]);
        responder.ReadMessage(initiator.WriteMessage());
        initiator.ReadMessage(responder.WriteMessage());
        responder.ReadMessage(initiator.WriteMessage());
        Assert.Equal(initiator.Result!.TransmitKey, responder.Result!.ReceiveKey);
        Assert.Equal(initiator.Result.ReceiveKey, responder.Result.TransmitKey);
        Assert.Equal(initiator.Result.HandshakeHash, responder.Result.HandshakeHash);
        Assert.Equal(initiator.LocalStaticKey, responder.Result.RemoteStaticKey);
    }
}

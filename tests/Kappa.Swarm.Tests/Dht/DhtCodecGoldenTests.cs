using System.Net;
using Google.Protobuf;
using Kappa.Swarm.Dht;
using Kappa.TestSupport;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>Our DHT messages byte for byte against dht-rpc 4.9.6 / @hyperswarm/dht 4.0.1 (tests/interop/lib/dht-vectors.js).</summary>
public class DhtCodecGoldenTests
{
    private static readonly byte[] Topic = Convert.FromHexString("c00174c731c721561cf1a8e7457f88d071d8d6b12b42dd7a8b73b254c153d472");
    private static readonly byte[] Id = Enumerable.Repeat((byte)0xab, 32).ToArray();
    private static readonly byte[] Other = Enumerable.Repeat((byte)0x07, 32).ToArray();
    private static readonly byte[] Token = Enumerable.Repeat((byte)0x5a, 32).ToArray();
    private static readonly byte[] To = PeerRecords.EncodePeer(new IPEndPoint(IPAddress.Parse("1.2.3.4"), 49449));

    private static readonly byte[] Closer = PeerRecords.EncodeNodes(
    [
        new DhtContact(NodeId.FromBytes(Other), new IPEndPoint(IPAddress.Loopback, 49737)),
        new DhtContact(NodeId.FromBytes(Enumerable.Repeat((byte)0x11, 32).ToArray()), new IPEndPoint(IPAddress.Parse("10.0.0.5"), 13331)),
    ]);

    private static byte[] Announce => new PeersInput { Port = 0 }.ToByteArray();

    private static readonly Lazy<Task<Dictionary<string, string>>> JsVectors = new(async () =>
        (await NodeScript.RunAsync("dht-vectors.js")).ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("hex").GetString()!));

    public static TheoryData<string> Names => new(Ours().Keys);

    private static Dictionary<string, byte[]> Ours()
    {
        var twoPeers = new byte[12];
        PeerRecords.WritePeer(twoPeers, new IPEndPoint(IPAddress.Parse("10.0.0.5"), 13331));
        PeerRecords.WritePeer(twoPeers.AsSpan(6), new IPEndPoint(IPAddress.Loopback, 40000));
        DhtMessage Q(DhtMessageType type, ulong rid) => new() { Version = 1, Type = type, Rid = rid, To = To };
        return new()
        {
            ["peers-input-port-0"] = Announce,
            ["peers-input-lookup"] = new PeersInput().ToByteArray(),
            ["peers-input-port-13331"] = new PeersInput { Port = 13331 }.ToByteArray(),
            ["peers-input-unannounce"] = new PeersInput { Port = 0, Unannounce = true }.ToByteArray(),
            ["peers-output-two"] = new PeersOutput { Peers = ByteString.CopyFrom(twoPeers) }.ToByteArray(),
            ["peers-output-empty"] = new PeersOutput().ToByteArray(),
            ["holepunch-to"] = new Holepunch { To = ByteString.CopyFrom(To) }.ToByteArray(),
            ["nodes-two"] = Closer,
            ["query-ping-ephemeral"] = DhtMessageCodec.Encode(Q(DhtMessageType.Query, 2) with { Command = "_ping" }),
            ["query-find-node-full"] = DhtMessageCodec.Encode(Q(DhtMessageType.Query, 1) with { Id = Id, Target = Other, Command = "_find_node" }),
            ["query-peers-announce"] = DhtMessageCodec.Encode(Q(DhtMessageType.Query, 4660) with { Target = Topic, Command = "peers", Value = Announce }),
            ["query-peers-lookup"] = DhtMessageCodec.Encode(Q(DhtMessageType.Query, 65535) with { Target = Topic, Command = "peers", Value = [] }),
            ["update-peers-announce"] = DhtMessageCodec.Encode(Q(DhtMessageType.Update, 300) with { Id = Id, RoundtripToken = Token, Target = Topic, Command = "peers", Value = Announce }),
            ["response-peers"] = DhtMessageCodec.Encode(Q(DhtMessageType.Response, 4660) with
            {
                Id = Id, CloserNodes = Closer, RoundtripToken = Token,
                Value = new PeersOutput { Peers = ByteString.CopyFrom(twoPeers.AsSpan(0, 6)) }.ToByteArray(),
            }),
            ["response-ping"] = DhtMessageCodec.Encode(Q(DhtMessageType.Response, 2) with { Id = Id, RoundtripToken = Token, Value = To }),
            ["response-error"] = DhtMessageCodec.Encode(Q(DhtMessageType.Response, 7) with { Id = Id, CloserNodes = Closer, Error = "Unsupported command" }),
        };
    }

    [JsTheory]
    [MemberData(nameof(Names))]
    public async Task Our_bytes_equal_the_JS_encoders_bytes(string name)
    {
        var js = await JsVectors.Value;
        Assert.Equal(js[name], Convert.ToHexStringLower(Ours()[name]));
    }

    [JsTheory]
    [MemberData(nameof(Names))]
    public async Task JS_messages_decode_and_encode_back_to_the_same_bytes(string name)
    {
        if (!name.StartsWith("query", StringComparison.Ordinal) && !name.StartsWith("update", StringComparison.Ordinal) && !name.StartsWith("response", StringComparison.Ordinal)) return;
        var bytes = Convert.FromHexString((await JsVectors.Value)[name]);
        var message = DhtMessageCodec.Decode(bytes);
        Assert.Equal(1UL, message.Version);
        Assert.Equal(To, message.To);
        Assert.Equal(bytes, DhtMessageCodec.Encode(message));
    }

    [Fact]
    public void The_shared_discovery_vectors_decode_to_their_fields()
    {
        // ../shared/vectors/discovery.txt: "DHT QUERY peers (ephemeral, no id)"
        var message = DhtMessageCodec.Decode(Convert.FromHexString("5801080110b424520601020304c1292220c00174c731c721561cf1a8e7457f88d071d8d6b12b42dd7a8b73b254c153d4723a0570656572734a020800"));
        Assert.Equal(DhtMessageType.Query, message.Type);
        Assert.Equal(4660UL, message.Rid);
        Assert.Null(message.Id);
        Assert.Equal(Topic, message.Target);
        Assert.Equal("peers", message.Command);
        var input = PeersInput.Parser.ParseFrom(message.Value);
        Assert.True(input.HasPort);
        Assert.Equal(0u, input.Port);
        Assert.Equal("1.2.3.4:49449", PeerRecords.ReadPeer(message.To).ToString());
    }

    [Fact]
    public void Fields_in_any_order_decode_and_unknown_fields_are_skipped()
    {
        // type, rid, an unknown field 15 (varint), command: Google.Protobuf's order plus an extension.
        var message = DhtMessageCodec.Decode(Convert.FromHexString("080110057801" + "3a055f70696e67"));
        Assert.Equal(DhtMessageType.Query, message.Type);
        Assert.Equal(5UL, message.Rid);
        Assert.Equal("_ping", message.Command);
        Assert.Null(message.Version);
    }

    [Theory]
    [InlineData("", "no type or rid")]
    [InlineData("0801", "no rid")]
    [InlineData("08041001", "type 4")]
    [InlineData("0801100152ff", "truncated to")]
    [InlineData("0801100118", "id as a varint")]
    [InlineData("01112233", "a uTP packet")]
    public void Malformed_datagrams_are_a_typed_error(string hex, string why)
    {
        var e = Assert.Throws<DhtException>(() => DhtMessageCodec.Decode(Convert.FromHexString(hex)));
        Assert.True(e.Code == "KAPPA_DHT_BAD_MESSAGE", why);
    }
}

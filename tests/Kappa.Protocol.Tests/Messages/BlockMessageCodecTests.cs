using System.Buffers;
using System.Text.Json;
using Google.Protobuf;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;
using Kappa.Protocol.Messages;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Messages;

/// <summary>
/// The hand-written per-block codecs (BlockMessageReader/Writer) against the JS vectors and
/// against Google.Protobuf (WireMessages + MessageCodec), byte for byte and field for field.
/// </summary>
public class BlockMessageCodecTests
{
    private static readonly JsonElement V = Vectors.Load("protocol-messages.json");

    private static IEnumerable<JsonElement> Entries(string type) =>
        V.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("type").GetString() == type);

    private static ReadOnlySequence<byte> Body(JsonElement m) => new(Convert.FromHexString(m.GetProperty("bodyHex").GetString()!));

    private static byte[] Encode<T>(in T body) where T : struct, IFrameBody
    {
        var bytes = new byte[body.Length];
        body.Write(bytes);
        return bytes;
    }

    [Fact]
    public void JS_Request_Have_and_Data_bodies_decode_like_the_general_decoder()
    {
        foreach (var m in Entries("Request"))
        {
            var general = MessageCodec.Decode<Request>(Body(m));
            Assert.Equal(new RequestFields(general.Index, general.Bytes, general.Hash, general.Nodes), BlockMessageReader.Request(Body(m)));
        }
        foreach (var m in Entries("Have"))
        {
            var general = MessageCodec.Decode<Have>(Body(m));
            var fast = BlockMessageReader.Have(Body(m));
            Assert.Equal((general.Start, general.Length, general.Ack, general.HasBitfield), (fast.Start, fast.Length, fast.Ack, fast.HasBitfield));
            if (general.HasBitfield) Assert.Equal(general.Bitfield.ToByteArray(), fast.Bitfield);
        }
        foreach (var m in Entries("Data")) AssertSameData(MessageCodec.Decode<Data>(Body(m)), Body(m));
    }

    [Fact]
    public void Writers_produce_the_JS_bytes_of_the_vectors_they_can_express()
    {
        var request = Entries("Request").Single(m => m.GetProperty("bodyHex").GetString() == "0802100018002000");
        Assert.Equal("0802100018002000", Convert.ToHexStringLower(Encode(new BlockMessageWriter.RequestBody(2, 0))));
        Assert.NotEqual(default, request);
        foreach (var m in Entries("Data"))
        {
            var d = MessageCodec.Decode<Data>(Body(m));
            var nodes = d.Nodes.Select(n => new TreeNode(n.Index, Hash32.From(n.Hash.Span), n.Size)).ToArray();
            var body = new BlockMessageWriter.DataBody(d.Index, d.HasValue, d.Value.Memory, nodes, d.HasSignature ? d.Signature.Memory : default);
            Assert.Equal(m.GetProperty("bodyHex").GetString(), Convert.ToHexStringLower(Encode(body)));
        }
        // Have{start, length: 1, ack: true}, the acknowledgement, as protobuf writes it.
        Assert.Equal(Convert.ToHexStringLower(WireMessages.Have(300, 1, ack: true).ToByteArray()), Convert.ToHexStringLower(Encode(new BlockMessageWriter.AckBody(300))));
        // Have{start, length: n, ack: true}, the acknowledgement of a run (to a peer that negotiated ack ranges).
        Assert.Equal(Convert.ToHexStringLower(WireMessages.Have(300, 1000, ack: true).ToByteArray()), Convert.ToHexStringLower(Encode(new BlockMessageWriter.AckBody(300, 1000))));
    }

    [Fact]
    public void Random_messages_encode_and_decode_exactly_as_Google_Protobuf()
    {
        const int seed = 16_2026;
        var random = new Random(seed);
        for (var round = 0; round < 500; round++)
        {
            var index = RandomVarint(random);
            var nodes = Enumerable.Range(0, random.Next(0, 8)).Select(_ => RandomNode(random)).ToArray();
            var value = new byte[random.Next(0, 3) == 0 ? 0 : random.Next(1, 3000)];
            random.NextBytes(value);
            var signature = new byte[random.Next(0, 2) * 64];
            random.NextBytes(signature);
            var hasValue = random.Next(0, 4) != 0;
            var wireNodes = nodes.Select(n => WireMessages.Node(n.Index, n.Hash, n.Size)).ToList();
            var expected = (hasValue ? WireMessages.Data(index, value, wireNodes, signature) : WireMessages.DataWithoutValue(index, wireNodes, signature)).ToByteArray();
            var actual = Encode(new BlockMessageWriter.DataBody(index, hasValue, value, nodes, signature));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"Data round {round} (seed {seed}) encodes differently");
            AssertSameData(MessageCodec.Decode<Data>(new ReadOnlySequence<byte>(expected)), new ReadOnlySequence<byte>(actual));

            var digest = RandomVarint(random);
            var request = WireMessages.Request(index, digest).ToByteArray();
            Assert.True(request.AsSpan().SequenceEqual(Encode(new BlockMessageWriter.RequestBody(index, digest))), $"Request round {round} (seed {seed})");
            Assert.Equal(new RequestFields(index, 0, false, digest), BlockMessageReader.Request(new ReadOnlySequence<byte>(request)));

            var ack = WireMessages.Have(index, 1, ack: true).ToByteArray();
            Assert.True(ack.AsSpan().SequenceEqual(Encode(new BlockMessageWriter.AckBody(index))), $"ack round {round} (seed {seed})");
            Assert.Equal(new HaveFields(index, 1, null, true), BlockMessageReader.Have(new ReadOnlySequence<byte>(ack)));
        }
    }

    [Fact]
    public void Bodies_off_the_plain_shape_decode_or_fail_as_the_general_decoder_does()
    {
        // An unknown field (99, varint) is skipped, as protocol-buffers JS does.
        var unknown = Concat(WireMessages.Data(4, new byte[] { 1, 2 }, []).ToByteArray(), [0x98, 0x06, 0x01]);
        AssertSameData(MessageCodec.Decode<Data>(new ReadOnlySequence<byte>(unknown)), new ReadOnlySequence<byte>(unknown));
        // A repeated scalar: the last one wins.
        var twice = Concat(WireMessages.Request(1, 0).ToByteArray(), [0x08, 0x07]);
        Assert.Equal(7UL, BlockMessageReader.Request(new ReadOnlySequence<byte>(twice)).Index);
        // Wire type 6 is refused ("Unknown wire type" in JS).
        var bad = Concat(WireMessages.Have(1).ToByteArray(), [0x0e]);
        Assert.Equal(ProtocolException.Decode, Assert.Throws<ProtocolException>(() => BlockMessageReader.Have(new ReadOnlySequence<byte>(bad))).Code);
        // A missing required field is refused.
        Assert.Throws<ProtocolException>(() => BlockMessageReader.Request(new ReadOnlySequence<byte>([0x20, 0x01])));
        // A proof node whose hash is not 32 bytes is flagged for the receiver to reject.
        var shortHash = new Data { Index = 1, Value = ByteString.CopyFrom(1), Nodes = { new DataNode { Index = 2, Hash = ByteString.CopyFrom(new byte[31]), Size = 1 } } }.ToByteArray();
        var nodeBuffer = new TreeNode[BlockMessageReader.MaxNodes];
        Assert.True(BlockMessageReader.Data(new ReadOnlySequence<byte>(shortHash), nodeBuffer).BadNodeHash);
    }

    private static void AssertSameData(Data expected, ReadOnlySequence<byte> body)
    {
        var fast = BlockMessageReader.Data(body, new TreeNode[BlockMessageReader.MaxNodes]);
        Assert.Equal(expected.Index, fast.Index);
        Assert.Equal(expected.HasValue, fast.HasValue);
        Assert.True(expected.Value.Span.SequenceEqual(fast.Value));
        Assert.True((expected.HasSignature ? expected.Signature.Span : default).SequenceEqual(fast.Signature));
        Assert.Equal(expected.Nodes.Count, fast.Nodes.Length);
        for (var i = 0; i < fast.Nodes.Length; i++)
        {
            Assert.Equal(expected.Nodes[i].Index, fast.Nodes[i].Index);
            Assert.Equal(expected.Nodes[i].Size, fast.Nodes[i].Size);
            Assert.True(expected.Nodes[i].Hash.Span.SequenceEqual(fast.Nodes[i].Hash));
        }
    }

    private static ulong RandomVarint(Random random) => (ulong)random.NextInt64() >> random.Next(0, 64);

    private static TreeNode RandomNode(Random random)
    {
        var hash = new byte[32];
        random.NextBytes(hash);
        return new TreeNode(RandomVarint(random), Hash32.From(hash), RandomVarint(random));
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}

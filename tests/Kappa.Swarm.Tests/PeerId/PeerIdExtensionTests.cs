using System.Text;

namespace Kappa.Swarm.Tests.PeerId;

public class PeerIdExtensionTests
{
    // cabal-core 13.2.0's peer-id payload for this local key (ext.send({id: localKey}), json codec),
    // captured with tests/interop/lib/cabal-peer.js --trace-frames (the frame minus its 3-byte header).
    private const string Key = "330fbfcab3ac8df582ecfbb3bd0dd842e5c8eef6aaeb14b9856a2ea6d229bfe1";
    private const string CabalPayload = "7b226964223a2233333066626663616233616338646635383265636662623362643064643834326535633865656636616165623134623938353661326561366432323962666531227d";

    [Fact]
    public void Our_payload_is_byte_for_byte_cabal_cores()
    {
        Assert.Equal(CabalPayload, Convert.ToHexStringLower(PeerIdExtension.Encode(Key)));
        Assert.Equal(CabalPayload, Convert.ToHexStringLower(PeerIdExtension.Encode(Key.ToUpperInvariant())));
    }

    [Fact]
    public void Cabal_cores_payload_decodes_to_its_key()
    {
        Assert.True(PeerIdExtension.TryDecode(Convert.FromHexString(CabalPayload), out var id));
        Assert.Equal(Key, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"id\":42}")]
    [InlineData("{\"id\":null}")]
    [InlineData("{\"id\":\"abc\"}")]
    [InlineData("{\"id\":\"330fbfcab3ac8df582ecfbb3bd0dd842e5c8eef6aaeb14b9856a2ea6d229bfe1ff\"}")]
    [InlineData("{\"id\":\"zz0fbfcab3ac8df582ecfbb3bd0dd842e5c8eef6aaeb14b9856a2ea6d229bfe1\"}")]
    [InlineData("{\"id\":\"330fbfcab3ac8df582ecfbb3bd0dd842e5c8eef6aaeb14b9856a2ea6d229bfe1\"")]
    public void Malformed_payloads_are_not_ids_and_do_not_throw(string text)
    {
        Assert.False(PeerIdExtension.TryDecode(Encoding.UTF8.GetBytes(text), out var id));
        Assert.Null(id);
    }

    [Fact]
    public void Random_bytes_and_an_oversized_payload_are_not_ids()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            Assert.False(PeerIdExtension.TryDecode(bytes, out _), $"seed 1234, case {i}: {Convert.ToHexStringLower(bytes)}");
        }
        var huge = Encoding.UTF8.GetBytes("{\"id\":\"" + Key + "\",\"pad\":\"" + new string('x', 4096) + "\"}");
        Assert.False(PeerIdExtension.TryDecode(huge, out _));
    }

    [Fact]
    public void Only_the_first_valid_id_is_reported_as_cabal_core_keeps_its_first()
    {
        var heard = new List<string>();
        var extension = PeerIdExtension.Create(Key, heard.Add);
        extension.Received!("garbage"u8.ToArray());
        extension.Received(Convert.FromHexString(CabalPayload));
        extension.Received(PeerIdExtension.Encode(new string('a', 64)));
        Assert.Equal([Key], heard);
        Assert.Equal(CabalPayload, Convert.ToHexStringLower(extension.OpenPayload!.Value.Span));
        Assert.Throws<ArgumentException>(() => PeerIdExtension.Create("short", _ => { }));
    }
}

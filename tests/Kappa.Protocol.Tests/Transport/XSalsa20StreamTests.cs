using Kappa.Hypercore.Crypto;
using Kappa.Protocol.Transport;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Protocol.Tests.Transport;

public class XSalsa20StreamTests(ITestOutputHelper output)
{
    [Fact]
    public void Initiator_to_responder_transport_bytes_match_the_vector_message_by_message()
    {
        var t = Vectors.Load("noise.json").GetProperty("transportInitiatorToResponder");
        using var stream = new XSalsa20Stream(t.HexProp("key"), t.HexProp("nonce"));
        foreach (var m in t.GetProperty("messages").EnumerateArray())
        {
            var data = m.HexProp("plaintext");
            stream.Xor(data);
            Assert.Equal(m.Str("ciphertext"), Vectors.Hex(data));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Any_chunking_gives_the_same_keystream_as_one_call(int seed)
    {
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        var key = new byte[32];
        var nonce = new byte[24];
        random.NextBytes(key);
        random.NextBytes(nonce);
        var plain = new byte[5000];
        random.NextBytes(plain);

        var expected = new byte[plain.Length];
        Sodium.XSalsa20XorIc(expected, plain, nonce, 0, key);

        using var stream = new XSalsa20Stream(key, nonce);
        var actual = new byte[plain.Length];
        for (var offset = 0; offset < plain.Length;)
        {
            var n = Math.Min(plain.Length - offset, random.Next(0, 200));
            stream.Xor(plain.AsSpan(offset, n), actual.AsSpan(offset, n));
            offset += n;
        }
        Assert.Equal(expected, actual);
        Assert.Equal((ulong)plain.Length, stream.Position);
    }

    [Fact]
    public void Decrypting_with_a_second_stream_restores_the_plaintext_in_place()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var nonce = Enumerable.Range(0, 24).Select(i => (byte)(i * 3)).ToArray();
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var original = (byte[])data.Clone();
        using var a = new XSalsa20Stream(key, nonce);
        using var b = new XSalsa20Stream(key, nonce);
        a.Xor(data.AsSpan(0, 63));
        a.Xor(data.AsSpan(63));
        Assert.NotEqual(original, data);
        b.Xor(data.AsSpan(0, 700));
        b.Xor(data.AsSpan(700));
        Assert.Equal(original, data);
    }
}

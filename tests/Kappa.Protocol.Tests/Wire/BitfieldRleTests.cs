using System.Text.Json;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Protocol.Tests.Wire;

public class BitfieldRleTests(ITestOutputHelper output)
{
    private static readonly JsonElement[] Cases = Vectors.Load("protocol-messages.json").GetProperty("bitfieldRle").EnumerateArray().ToArray();

    public static TheoryData<int> CaseIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Length; i++) data.Add(i);
        return data;
    }

    private static byte[] Input(JsonElement c) => c.TryGetProperty("inputRepeat", out var r)
        ? Enumerable.Repeat(Convert.FromHexString(r.Str("hexByte"))[0], (int)r.Num("count")).ToArray()
        : c.HexProp("inputHex");

    [Fact]
    public void The_vector_has_all_19_cases() => Assert.Equal(19, Cases.Length);

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Encoding_is_byte_identical_to_bitfield_rle(int i)
    {
        var c = Cases[i];
        var input = Input(c);
        Assert.Equal(c.Str("encodedHex"), Convert.ToHexStringLower(BitfieldRle.Encode(input)));
        Assert.Equal(c.HexProp("encodedHex").Length, BitfieldRle.EncodedLength(input));
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Decoding_gives_the_exact_and_the_4_byte_aligned_bitfield(int i)
    {
        var c = Cases[i];
        var encoded = c.HexProp("encodedHex");
        var exact = BitfieldRle.Decode(encoded, maxLength: 1 << 20, alignment: 1);
        var aligned = BitfieldRle.Decode(encoded, maxLength: 1 << 20);
        Assert.Equal(c.Num("decodedAlign1Length"), exact.Length);
        Assert.Equal(c.Num("decodedAlign4Length"), aligned.Length);
        if (c.TryGetProperty("decodedAlign1Hex", out _))
        {
            Assert.Equal(c.Str("decodedAlign1Hex"), Convert.ToHexStringLower(exact));
            Assert.Equal(c.Str("decodedAlign4Hex"), Convert.ToHexStringLower(aligned));
        }
        else
        {
            Assert.Equal(Input(c), exact);
        }
        var input = Input(c);
        Assert.Equal(input.Length - c.Num("trailingZeroBytesDropped"), exact.Length);
    }

    [Fact]
    public void A_hostile_run_is_refused_before_allocating_it()
    {
        // token = run of 2^40 bytes of 0xFF
        var token = new byte[Varint.MaxLength];
        var n = Varint.Write(token, (1UL << 40 << 2) | 3);
        var e = Assert.Throws<ProtocolException>(() => BitfieldRle.Decode(token.AsSpan(0, n), maxLength: 1 << 20));
        Assert.Equal(ProtocolException.Decode, e.Code);
        // Many small runs that only add up past the limit are refused too.
        var many = Enumerable.Repeat((byte)0x83, 300).SelectMany(b => new byte[] { b, 0x20 }).ToArray(); // 300 × run of 1024 × FF
        Assert.Throws<ProtocolException>(() => BitfieldRle.Decode(many, maxLength: 256 * 1024));
        Assert.Equal(300 * 1024, BitfieldRle.Decode(many, maxLength: 300 * 1024).Length);
    }

    [Theory]
    [InlineData("06aabb")]   // literal of 3 with only 2 bytes
    [InlineData("80")]       // truncated token
    public void Malformed_input_is_a_decode_error(string hex)
    {
        var e = Assert.Throws<ProtocolException>(() => BitfieldRle.Decode(Convert.FromHexString(hex), 1024));
        Assert.Equal(ProtocolException.Decode, e.Code);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Random_bitfields_round_trip(int seed)
    {
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        for (var round = 0; round < 200; round++)
        {
            var bits = new byte[random.Next(0, 300)];
            for (var i = 0; i < bits.Length; i++)
                bits[i] = random.Next(4) switch { 0 => 0, 1 => 0xff, 2 => bits[Math.Max(0, i - 1)], _ => (byte)random.Next(256) };
            var decoded = BitfieldRle.Decode(BitfieldRle.Encode(bits), 1024, alignment: 1);
            var trimmed = bits.AsSpan(0, bits.Length - bits.Reverse().TakeWhile(b => b == 0).Count());
            Assert.Equal(trimmed.ToArray(), decoded);
        }
    }
}

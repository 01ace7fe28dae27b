using System.Buffers;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Tests.Wire;

public class VarintTests
{
    public static TheoryData<ulong, string> Known => new()
    {
        { 0, "00" },
        { 1, "01" },
        { 127, "7f" },
        { 128, "8001" },
        { 300, "ac02" },
        { 1048576, "808040" },
        { (1UL << 56) - 1, "ffffffffffffff7f" },
        { ulong.MaxValue, "ffffffffffffffffff01" },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void Values_encode_and_decode_like_the_npm_varint_module(ulong value, string hex)
    {
        var buffer = new byte[Varint.MaxLength];
        var n = Varint.Write(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer.AsSpan(0, n)));
        Assert.Equal(n, Varint.Size(value));
        Assert.True(Varint.TryRead(buffer.AsSpan(0, n), out var decoded, out var consumed));
        Assert.Equal((value, n), (decoded, consumed));

        var reader = new SequenceReader<byte>(Sequences.ByteByByte(buffer[..n]));
        Assert.True(Varint.TryRead(ref reader, out decoded));
        Assert.Equal((value, (long)n), (decoded, reader.Consumed));
    }

    [Fact]
    public void An_unfinished_varint_is_incomplete_and_leaves_the_reader_in_place()
    {
        Assert.False(Varint.TryRead([0x80, 0x80], out _, out _));
        Assert.False(Varint.TryRead([], out _, out _));
        var reader = new SequenceReader<byte>(Sequences.Of([0xff], [0xff]));
        Assert.False(Varint.TryRead(ref reader, out _, Varint.MaxFrameVarintLength));
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    public void A_frame_varint_longer_than_8_bytes_is_rejected_but_8_bytes_are_fine()
    {
        var eight = Convert.FromHexString("ffffffffffffff7f");
        Assert.True(Varint.TryRead(eight, out var value, out _, Varint.MaxFrameVarintLength));
        Assert.Equal((1UL << 56) - 1, value);

        var nine = Convert.FromHexString("ffffffffffffffff01");
        var e = Assert.Throws<ProtocolException>(() => Varint.TryRead(nine, out _, out _, Varint.MaxFrameVarintLength));
        Assert.Equal(ProtocolException.BadVarint, e.Code);
        // Rejected as soon as the 8th byte still says "more", before the 9th arrives.
        Assert.Throws<ProtocolException>(() => Varint.TryRead(nine.AsSpan(0, 8), out _, out _, Varint.MaxFrameVarintLength));
        Assert.Throws<ProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(Sequences.Split(nine, 3, 3));
            return Varint.TryRead(ref reader, out _, Varint.MaxFrameVarintLength);
        });
    }

    [Fact]
    public void A_varint_that_overflows_64_bits_is_rejected()
    {
        var e = Assert.Throws<ProtocolException>(() => Varint.TryRead(Convert.FromHexString("ffffffffffffffffff02"), out _, out _));
        Assert.Equal(ProtocolException.BadVarint, e.Code);
        Assert.Throws<ProtocolException>(() => Varint.TryRead(Convert.FromHexString("ffffffffffffffffff8101"), out _, out _));
    }
}

using System.Buffers;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Tests.Wire;

public class FrameReaderTests
{
    private static ReadOnlySequence<byte> Seq(string hex) => new(Convert.FromHexString(hex));

    [Fact]
    public void Keep_alives_are_consumed_and_skipped()
    {
        var buffer = Seq("00");
        Assert.False(FrameReader.TryRead(ref buffer, out _));
        Assert.True(buffer.IsEmpty);

        buffer = Seq("000003230802");
        Assert.True(FrameReader.TryRead(ref buffer, out var frame));
        Assert.Equal((2UL, MessageType.Have, "0802"), (frame.Channel, frame.Type, Convert.ToHexStringLower(frame.Body.ToArray())));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void A_truncated_frame_is_incomplete_not_an_error_and_consumes_nothing()
    {
        var framed = Convert.FromHexString("09370802100018002000");
        for (var cut = 1; cut < framed.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(framed, 0, cut);
            Assert.False(FrameReader.TryRead(ref buffer, out _));
            Assert.Equal(cut, buffer.Length);
        }
    }

    [Fact]
    public void Frames_split_across_segments_decode_the_same()
    {
        var stream = Convert.FromHexString("0009370802100018002000" + "00" + "011a" + "2a0f007b22636c69656e74223a224d554c544946454544222c2276657273696f6e223a22342e302e30227d");
        var buffer = Sequences.ByteByByte(stream);
        var frames = new List<Frame>();
        while (FrameReader.TryRead(ref buffer, out var f)) frames.Add(f);
        Assert.True(buffer.IsEmpty);
        Assert.Equal([MessageType.Request, MessageType.Close, MessageType.Extension], frames.Select(f => f.Type));
        Assert.Equal([3UL, 1UL, 0UL], frames.Select(f => f.Channel));
        Assert.Equal(41, frames[2].Length);
    }

    [Fact]
    public void Types_11_to_14_are_skipped()
    {
        var buffer = Seq("031b0102" + "011c" + "031d0000" + "011e" + "03230802");
        Assert.True(FrameReader.TryRead(ref buffer, out var frame));
        Assert.Equal(MessageType.Have, frame.Type);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void An_over_long_length_varint_is_rejected()
    {
        var buffer = Seq("ffffffffffffffff");
        var e = Assert.Throws<ProtocolException>(() => FrameReader.TryRead(ref buffer, out _));
        Assert.Equal(ProtocolException.BadVarint, e.Code);
        buffer = Seq("05ffffffffffffffff01");
        Assert.Equal(ProtocolException.BadVarint, Assert.Throws<ProtocolException>(() => FrameReader.TryRead(ref buffer, out _)).Code);
    }

    [Fact]
    public void A_body_over_8_MiB_is_rejected_as_soon_as_the_header_says_so()
    {
        // L = 8 MiB + 2 with a 1-byte header: body 8 MiB + 1. Only the two varints are present.
        var header = new byte[20];
        var n = Varint.Write(header, 8 * 1024 * 1024 + 2);
        header[n++] = 0x29;
        var buffer = new ReadOnlySequence<byte>(header, 0, n);
        var e = Assert.Throws<ProtocolException>(() => FrameReader.TryRead(ref buffer, out _));
        Assert.Equal(ProtocolException.FrameTooLarge, e.Code);

        // A huge declared length is refused from its varint alone.
        n = Varint.Write(header, 1UL << 50);
        buffer = new ReadOnlySequence<byte>(header, 0, n);
        Assert.Equal(ProtocolException.FrameTooLarge, Assert.Throws<ProtocolException>(() => FrameReader.TryRead(ref buffer, out _)).Code);
    }

    [Fact]
    public void A_body_of_exactly_8_MiB_is_accepted()
    {
        var frame = new byte[8 * 1024 * 1024 + 10];
        var n = Varint.Write(frame, 8 * 1024 * 1024 + 1);
        frame[n++] = 0x29;
        var buffer = new ReadOnlySequence<byte>(frame, 0, n + 8 * 1024 * 1024);
        Assert.True(FrameReader.TryRead(ref buffer, out var f));
        Assert.Equal(8 * 1024 * 1024, f.Length);
    }

    [Fact]
    public void A_header_longer_than_the_frame_is_rejected()
    {
        var buffer = Seq("01c002"); // L = 1 but the header varint (channel 20, Open) takes 2 bytes
        Assert.Equal(ProtocolException.FrameTooLarge, Assert.Throws<ProtocolException>(() => FrameReader.TryRead(ref buffer, out _)).Code);
    }

    [Fact]
    public void The_maximum_body_size_is_configurable()
    {
        var buffer = Seq("0529aabbccdd");
        Assert.Throws<ProtocolException>(() => FrameReader.TryRead(ref buffer, out _, maxBodyLength: 3));
        buffer = Seq("0529aabbccdd");
        Assert.True(FrameReader.TryRead(ref buffer, out var f, maxBodyLength: 4));
        Assert.Equal(4, f.Length);
    }

    [Fact]
    public void Channels_at_or_above_16_use_a_two_byte_header_and_oversized_channels_are_refused()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.Write(output, 20, MessageType.Close, ReadOnlySpan<byte>.Empty);
        Assert.Equal("02ca02", Convert.ToHexStringLower(output.WrittenSpan));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameWriter.Write(output, FrameWriter.MaxChannel + 1, MessageType.Close, ReadOnlySpan<byte>.Empty));
    }
}

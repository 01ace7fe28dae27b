using Google.Protobuf;
using Kappa.Protocol.Messages;

namespace Kappa.Protocol.Tests.Messages;

/// <summary>The builders write exactly the fields hypercore 8 writes (bytes from protocol-messages.json).</summary>
public class WireMessagesTests
{
    private static string Hex(IMessage m) => Convert.ToHexStringLower(m.ToByteArray());

    [Fact]
    public void Request_sets_all_four_fields_like_hypercore()
    {
        Assert.Equal("0802100018002000", Hex(WireMessages.Request(2, nodes: 0)));
        Assert.Equal("0803100018002006", Hex(WireMessages.Request(3, nodes: 6)));
    }

    [Fact]
    public void Have_writes_only_what_is_given()
    {
        Assert.Equal("0802", Hex(WireMessages.Have(2)));
        Assert.Equal("0800108080401a0202e0", Hex(WireMessages.Have(0, 1048576, [0x02, 0xe0])));
        Assert.Equal("080510032001", Hex(WireMessages.Have(5, 3, ack: true)));
        Assert.Equal("08001a00", Hex(WireMessages.Have(0, bitfield: [])));
    }

    [Fact]
    public void Status_want_cancel_and_close_match_the_vectors()
    {
        Assert.Equal("08011000", Hex(WireMessages.Status(true, false)));
        Assert.Equal("08001000", Hex(WireMessages.Status(false, false)));
        Assert.Equal("080010808040", Hex(WireMessages.Want(0, 1048576)));
        Assert.Equal("080010808040", Hex(WireMessages.Unwant(0, 1048576)));
        Assert.Equal("0807", Hex(WireMessages.Unhave(7)));
        Assert.Equal("080410001800", Hex(WireMessages.Cancel(4)));
        Assert.Equal("", Hex(WireMessages.Close()));
        Assert.Equal("0a03010203", Hex(WireMessages.Close([1, 2, 3])));
    }

    [Fact]
    public void Options_sends_extensions_and_ack_only_when_given()
    {
        Assert.Equal("0a0141", Hex(WireMessages.Options(["A"])));
        Assert.Equal("1001", Hex(WireMessages.Options([], ack: true)));
    }

    [Fact]
    public void Data_distinguishes_an_empty_value_from_a_hash_only_reply()
    {
        Assert.Equal("08031200", Hex(WireMessages.Data(3, ReadOnlyMemory<byte>.Empty, [])));
        var hashOnly = WireMessages.DataWithoutValue(0, [WireMessages.Node(0, Enumerable.Repeat((byte)1, 32).ToArray(), 300)]);
        Assert.Equal("08001a2708001220" + string.Concat(Enumerable.Repeat("01", 32)) + "18ac02", Hex(hashOnly));
    }

    [Fact]
    public void Data_wraps_the_value_without_copying()
    {
        var value = new byte[] { 1, 2, 3 };
        var data = WireMessages.Data(1, value, [], new byte[64]);
        value[0] = 9;
        Assert.Equal(9, data.Value[0]);
    }
}

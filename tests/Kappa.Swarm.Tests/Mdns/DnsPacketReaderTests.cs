using Kappa.Swarm.Mdns;

namespace Kappa.Swarm.Tests.Mdns;

public class DnsPacketReaderTests
{
    [Theory]
    [InlineData("")]
    [InlineData("0000000000010000000000")]                       // short header
    [InlineData("000000000001000000000000")]                     // a question that is not there
    [InlineData("00000000ffff000000000000")]                     // counts far beyond the packet
    [InlineData("0000000000010000000000000161")]                 // a label cut off
    [InlineData("000000000001000000000000c00c00210001")]          // a pointer to itself
    [InlineData("000000000001000000000000c01000210001")]          // a pointer forwards
    [InlineData("000000000001000000000000410000210001")]          // reserved label bits
    [InlineData("0000840000000001000000000000100001000000000005036964")] // TXT string overruns
    [InlineData("00008400000000010000000000002100010000000000030000")] // SRV too short
    [InlineData("000084000000000100000000000001000100000000000301020304")] // A record of 3 bytes
    public void Malformed_packets_are_a_typed_error(string hex)
    {
        var e = Assert.Throws<MdnsException>(() => DnsPacketReader.Decode(Convert.FromHexString(hex)));
        Assert.Equal(MdnsException.BadPacket, e.Code);
    }

    [Fact]
    public void A_pointer_chain_that_loops_through_labels_ends_in_an_error()
    {
        // name at 12: label "a", then a pointer back to 12 — would repeat forever without the length limit
        var packet = Convert.FromHexString("000000000001000000000000" + "0161" + "c00c" + "00210001");
        Assert.Throws<MdnsException>(() => DnsPacketReader.Decode(packet));
    }

    [Fact]
    public void Unknown_record_types_keep_their_bytes_and_re_encode_identically()
    {
        var packet = new DnsPacket(5, DnsType.ResponseFlags, [], [new DnsRecord("x.local", 99, DnsType.ClassIn, true, 60) { Raw = new byte[] { 1, 2, 3 } }]);
        var bytes = DnsPacketWriter.Encode(packet);
        var decoded = DnsPacketReader.Decode(bytes);
        Assert.Equal(bytes, DnsPacketWriter.Encode(decoded));
        Assert.True(decoded.Answers[0].CacheFlush);
    }
}

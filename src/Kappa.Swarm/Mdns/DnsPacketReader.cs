using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Kappa.Swarm.Mdns;

/// <summary>
/// Decodes DNS messages as multicast DNS carries them (RFC 1035 §4.1, RFC 6762 §18), matching what
/// dns-packet 5.6 (under hyperswarm 2's multicast-dns 7) accepts:
/// <code>
/// header    id u16 | flags u16 | qdcount u16 | ancount u16 | nscount u16 | arcount u16   (big-endian)
/// question  name | type u16 | class u16 (top bit: unicast response wanted)
/// record    name | type u16 | class u16 (top bit: cache flush) | ttl u32 | rdlength u16 | rdata
/// name      labels (len 1..63 + bytes) ending in 0, or ending in a pointer 0b11 + 14-bit offset
/// SRV       priority u16 | weight u16 | port u16 | target name      TXT  (len u8 + bytes)*     A  4 bytes
/// </code>
/// Hand-written because the .NET DNS libraries served here (Makaretu.Dns 2.0.1, ARSoft.Tools.Net
/// 3.6.1) expose TXT data as strings: hyperswarm's TXT id is 32 random bytes, which a text decode
/// mangles, so echo filtering would fail on every real packet. Every malformed input is an
/// <see cref="MdnsException"/>; pointers must point backwards, so decoding always terminates.
/// </summary>
internal static class DnsPacketReader
{
    /// <summary>dns-packet's limit on a decoded name (label bytes plus one per label).</summary>
    private const int MaxNameLength = 254;

    public static DnsPacket Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12) throw new MdnsException($"a DNS header is 12 bytes, the packet has {packet.Length}");
        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var counts = new int[4];
        for (var i = 0; i < 4; i++) counts[i] = BinaryPrimitives.ReadUInt16BigEndian(packet[(4 + 2 * i)..]);
        // Each question takes at least 5 bytes and each record 11: a header claiming more than
        // the packet can hold is rejected before anything is allocated for it.
        if (counts[0] * 5L + (counts[1] + counts[2] + counts[3]) * 11L > packet.Length - 12)
            throw new MdnsException("the header claims more records than the packet holds");
        var offset = 12;
        var questions = new List<DnsQuestion>(counts[0]);
        for (var i = 0; i < counts[0]; i++)
        {
            var name = ReadName(packet, ref offset);
            var type = ReadU16(packet, ref offset);
            var cls = ReadU16(packet, ref offset);
            questions.Add(new DnsQuestion(name, type, (ushort)(cls & 0x7fff)));
        }
        var answers = ReadRecords(packet, ref offset, counts[1]);
        var authorities = ReadRecords(packet, ref offset, counts[2]);
        var additionals = ReadRecords(packet, ref offset, counts[3]);
        return new DnsPacket(id, flags, questions, answers) { Authorities = authorities, Additionals = additionals };
    }

    private static List<DnsRecord> ReadRecords(ReadOnlySpan<byte> packet, ref int offset, int count)
    {
        var records = new List<DnsRecord>(count);
        for (var i = 0; i < count; i++) records.Add(ReadRecord(packet, ref offset));
        return records;
    }

    private static DnsRecord ReadRecord(ReadOnlySpan<byte> packet, ref int offset)
    {
        var name = ReadName(packet, ref offset);
        var type = ReadU16(packet, ref offset);
        var cls = ReadU16(packet, ref offset);
        var ttl = (uint)ReadU16(packet, ref offset) << 16 | ReadU16(packet, ref offset);
        var length = ReadU16(packet, ref offset);
        if (offset + length > packet.Length) throw new MdnsException($"record {name} overruns the packet");
        var start = offset;
        var end = offset + length;
        offset = end;
        var record = new DnsRecord(name, type, (ushort)(cls & 0x7fff), (cls & 0x8000) != 0, ttl);
        var data = packet[start..end];
        switch (type)
        {
            case DnsType.Srv:
                if (length < 7) throw new MdnsException($"SRV record {name} is {length} bytes");
                var at = start + 6;
                var target = ReadName(packet[..end], ref at);
                if (at != end) throw new MdnsException($"SRV record {name} has {end - at} bytes after its target");
                return record with
                {
                    Srv = new SrvData(BinaryPrimitives.ReadUInt16BigEndian(data), BinaryPrimitives.ReadUInt16BigEndian(data[2..]), BinaryPrimitives.ReadUInt16BigEndian(data[4..]), target),
                };
            case DnsType.Txt:
                return record with { Txt = ReadStrings(data, name) };
            case DnsType.A:
                if (length != 4) throw new MdnsException($"A record {name} is {length} bytes, not 4");
                return record with { Address = new IPAddress(data) };
            default:
                return record with { Raw = data.ToArray() };
        }
    }

    private static List<byte[]> ReadStrings(ReadOnlySpan<byte> data, string name)
    {
        var strings = new List<byte[]>();
        var i = 0;
        while (i < data.Length)
        {
            var len = data[i++];
            if (i + len > data.Length) throw new MdnsException($"TXT record {name} overruns its length");
            strings.Add(data.Slice(i, len).ToArray());
            i += len;
        }
        return strings;
    }

    /// <summary>Reads a possibly compressed name; <paramref name="offset"/> ends after its in-place bytes.</summary>
    internal static string ReadName(ReadOnlySpan<byte> packet, ref int offset)
    {
        var builder = new StringBuilder();
        var position = offset;
        var jumped = false;
        var total = 0;
        while (true)
        {
            if (position >= packet.Length) throw new MdnsException("a name runs past the end of the packet");
            var len = packet[position];
            if (len == 0)
            {
                position++;
                break;
            }
            if ((len & 0xc0) == 0xc0)
            {
                if (position + 1 >= packet.Length) throw new MdnsException("a name pointer is cut off");
                var target = (len & 0x3f) << 8 | packet[position + 1];
                if (target >= position) throw new MdnsException("a name pointer does not point backwards");
                if (!jumped) offset = position + 2;
                jumped = true;
                position = target;
                continue;
            }
            if ((len & 0xc0) != 0) throw new MdnsException($"a name label has reserved length bits 0x{len:x2}");
            position++;
            if (position + len > packet.Length) throw new MdnsException("a name label runs past the end of the packet");
            total += len + 1;
            if (total > MaxNameLength) throw new MdnsException("a name is longer than 254 bytes");
            if (builder.Length > 0) builder.Append('.');
            builder.Append(Encoding.UTF8.GetString(packet.Slice(position, len)));
            position += len;
        }
        if (!jumped) offset = position;
        return builder.ToString();
    }

    private static ushort ReadU16(ReadOnlySpan<byte> packet, ref int offset)
    {
        if (offset + 2 > packet.Length) throw new MdnsException("the packet ends inside a record");
        var value = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        offset += 2;
        return value;
    }
}

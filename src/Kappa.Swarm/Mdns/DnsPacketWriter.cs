using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Kappa.Swarm.Mdns;

/// <summary>
/// Encodes DNS messages the way dns-packet 5.6 does for hyperswarm 2 (layout in
/// <see cref="DnsPacketReader"/>): names never compressed, authority and additional sections
/// written after the answers. Golden tests compare the bytes with the JS encoder's.
/// </summary>
internal static class DnsPacketWriter
{
    public static byte[] Encode(DnsPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteU16(buffer, packet.Id);
        WriteU16(buffer, packet.Flags);
        WriteU16(buffer, (ushort)packet.Questions.Count);
        WriteU16(buffer, (ushort)packet.Answers.Count);
        WriteU16(buffer, (ushort)packet.Authorities.Count);
        WriteU16(buffer, (ushort)packet.Additionals.Count);
        foreach (var q in packet.Questions)
        {
            WriteName(buffer, q.Name);
            WriteU16(buffer, q.Type);
            WriteU16(buffer, q.Class);
        }
        foreach (var r in packet.Answers.Concat(packet.Authorities).Concat(packet.Additionals)) WriteRecord(buffer, r);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRecord(ArrayBufferWriter<byte> buffer, DnsRecord record)
    {
        WriteName(buffer, record.Name);
        WriteU16(buffer, record.Type);
        WriteU16(buffer, (ushort)(record.Class | (record.CacheFlush ? 0x8000 : 0)));
        WriteU16(buffer, (ushort)(record.Ttl >> 16));
        WriteU16(buffer, (ushort)record.Ttl);
        var data = new ArrayBufferWriter<byte>(64);
        if (record.Srv is { } srv)
        {
            WriteU16(data, srv.Priority);
            WriteU16(data, srv.Weight);
            WriteU16(data, srv.Port);
            WriteName(data, srv.Target);
        }
        else if (record.Txt is { } strings)
        {
            foreach (var s in strings)
            {
                if (s.Length > 255) throw new ArgumentException("A TXT string is at most 255 bytes.", nameof(record));
                data.Write([(byte)s.Length]);
                data.Write(s);
            }
        }
        else if (record.Address is { } address) data.Write(address.GetAddressBytes());
        else data.Write(record.Raw.Span);
        WriteU16(buffer, (ushort)data.WrittenCount);
        buffer.Write(data.WrittenSpan);
    }

    /// <summary>Labels as dns-packet writes them: leading and trailing dots dropped, each label UTF-8, then 0.</summary>
    internal static void WriteName(ArrayBufferWriter<byte> buffer, string name)
    {
        var trimmed = name.Trim('.');
        if (trimmed.Length > 0)
        {
            foreach (var label in trimmed.Split('.'))
            {
                var bytes = Encoding.UTF8.GetBytes(label);
                if (bytes.Length is 0 or > 63) throw new ArgumentException($"The DNS label \"{label}\" is not 1 to 63 bytes.", nameof(name));
                buffer.Write([(byte)bytes.Length]);
                buffer.Write(bytes);
            }
        }
        buffer.Write([(byte)0]);
    }

    private static void WriteU16(ArrayBufferWriter<byte> buffer, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }
}

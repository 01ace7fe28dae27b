using System.Net;

namespace Kappa.Swarm.Mdns;

/// <summary>DNS resource record types and flags hyperswarm's multicast DNS uses (RFC 1035, RFC 6762).</summary>
internal static class DnsType
{
    public const ushort A = 1;
    public const ushort Txt = 16;
    public const ushort Srv = 33;
    public const ushort ClassIn = 1;

    /// <summary>QR (response) + AA (authoritative answer): what multicast-dns 7 sets on every response.</summary>
    public const ushort ResponseFlags = 0x8400;
}

/// <summary>One question: a name, a record type and a class (the mDNS unicast-response bit removed).</summary>
internal readonly record struct DnsQuestion(string Name, ushort Type, ushort Class = DnsType.ClassIn);

/// <summary>SRV data (RFC 2782): where a service listens.</summary>
internal sealed record SrvData(ushort Priority, ushort Weight, ushort Port, string Target);

/// <summary>
/// One resource record. SRV, TXT and A data are decoded (SRV targets may be compressed names);
/// TXT strings stay bytes, because hyperswarm's TXT id is 32 random bytes, not text.
/// </summary>
internal sealed record DnsRecord(string Name, ushort Type, ushort Class, bool CacheFlush, uint Ttl)
{
    public SrvData? Srv { get; init; }

    public IReadOnlyList<byte[]>? Txt { get; init; }

    public IPAddress? Address { get; init; }

    /// <summary>Raw data of a record type this codec does not decode (written back as is).</summary>
    public ReadOnlyMemory<byte> Raw { get; init; }
}

/// <summary>A DNS message (RFC 1035 §4.1) as multicast DNS sends it.</summary>
internal sealed record DnsPacket(ushort Id, ushort Flags, IReadOnlyList<DnsQuestion> Questions, IReadOnlyList<DnsRecord> Answers)
{
    public IReadOnlyList<DnsRecord> Authorities { get; init; } = [];

    public IReadOnlyList<DnsRecord> Additionals { get; init; } = [];

    public bool IsResponse => (Flags & 0x8000) != 0;
}

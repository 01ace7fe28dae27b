using System.Net;
using System.Security.Cryptography;

namespace Kappa.Swarm.Mdns;

/// <summary>
/// hyperswarm 2's use of multicast DNS (@hyperswarm/discovery 2.0.1, discovery.md): a topic's
/// name is the first 20 bytes of the topic in hex + <c>.hyperswarm.local</c>; a lookup is an SRV
/// query; an announcement is a response with <c>SRV name 0 0 port 0.0.0.0</c> and
/// <c>TXT name ["id=" + 32 random bytes]</c>, plus <c>A referrer.hyperswarm.local</c> = the
/// querier's address when it answers a query. Class IN, TTL 0, no cache-flush bit.
/// </summary>
internal static class HyperswarmMdns
{
    public const string Domain = "hyperswarm.local";
    public const string ReferrerName = "referrer." + Domain;
    public const string AnyTarget = "0.0.0.0";
    private static readonly byte[] IdPrefix = "id="u8.ToArray();

    public static string NameOf(ReadOnlySpan<byte> topic)
    {
        if (topic.Length < 20) throw new ArgumentException("A topic is 32 bytes.", nameof(topic));
        return Convert.ToHexStringLower(topic[..20]) + "." + Domain;
    }

    /// <summary>A topic's TXT id: <c>"id=" + 32 random bytes</c>, fresh per join (as JS does per Topic).</summary>
    public static byte[] NewId()
    {
        var id = new byte[IdPrefix.Length + 32];
        IdPrefix.CopyTo(id, 0);
        RandomNumberGenerator.Fill(id.AsSpan(IdPrefix.Length));
        return id;
    }

    public static DnsPacket Query(string name) => new(0, 0, [new DnsQuestion(name, DnsType.Srv)], []);

    public static IEnumerable<DnsRecord> AnnounceAnswers(string name, int port, byte[] id) =>
    [
        new DnsRecord(name, DnsType.Srv, DnsType.ClassIn, false, 0) { Srv = new SrvData(0, 0, (ushort)port, AnyTarget) },
        new DnsRecord(name, DnsType.Txt, DnsType.ClassIn, false, 0) { Txt = [id] },
    ];

    public static DnsRecord Referrer(IPAddress querier) =>
        new(ReferrerName, DnsType.A, DnsType.ClassIn, false, 0) { Address = querier };

    public static DnsPacket Response(IReadOnlyList<DnsRecord> answers) => new(0, DnsType.ResponseFlags, [], answers);

    /// <summary>The first string of the first TXT record named <paramref name="name"/> (the sender's id), as JS <c>_getId</c> reads it.</summary>
    public static byte[]? IdOf(IReadOnlyList<DnsRecord> records, string name)
    {
        foreach (var r in records)
            if (r.Txt is { Count: > 0 } strings && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                return strings[0];
        return null;
    }

    /// <summary>The address an SRV answer points at: the packet's sender when the target is 0.0.0.0, else the target if it is an IPv4 address.</summary>
    public static IPAddress? HostOf(SrvData srv, IPAddress sender)
    {
        if (srv.Target == AnyTarget) return sender;
        return IPAddress.TryParse(srv.Target, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? ip : null;
    }
}

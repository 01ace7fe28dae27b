using System.Net;

namespace Kappa.Swarm.Mdns;

/// <summary>How <see cref="MulticastDnsDiscovery"/> binds and paces itself. Immutable; start from <see cref="Default"/>.</summary>
public sealed record MulticastDnsOptions
{
    /// <summary>hyperswarm 2's settings: UDP 0.0.0.0:5353 shared with other responders, group 224.0.0.251:5353.</summary>
    public static MulticastDnsOptions Default { get; } = new();

    /// <summary>The local address to bind (any IPv4 address by default).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The local UDP port (5353, with address reuse so other mDNS responders keep working).</summary>
    public int Port { get; init; } = 5353;

    /// <summary>
    /// Where every packet goes, responses included (224.0.0.251:5353). A non-multicast address
    /// (e.g. 127.0.0.1) turns multicast off — no group membership, plain unicast — which is how
    /// tests outside a network namespace talk to one discovery without multicast leaving the host.
    /// </summary>
    public IPEndPoint Group { get; init; } = new(IPAddress.Parse("224.0.0.251"), 5353);

    /// <summary>Lookups repeat after a random time between this and twice this (hyperswarm: 30–60 s).</summary>
    public TimeSpan QueryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many responses per second are sent, however many queries arrive (a flood is not amplified).</summary>
    public int MaxResponsesPerSecond { get; init; } = 50;

    /// <summary>At most this many peers are reported per second; the rest of a flood of announcements is dropped.</summary>
    public int MaxPeersPerSecond { get; init; } = 200;
}

using System.Net;
using Kappa.Multifeed.Replication;
using Kappa.Swarm.Discovery;
using Kappa.Swarm.Mdns;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm;

/// <summary>How a <see cref="KappaSwarm"/> finds and keeps peers. Immutable; start from <see cref="Default"/>.</summary>
public sealed record SwarmOptions
{
    /// <summary>hyperswarm 2's defaults: LAN and DHT, ports 13331–13333 then any, 24 peers, live replication.</summary>
    public static SwarmOptions Default { get; } = new();

    /// <summary>Cabal's port order (cabal-core 13): the first of these that is free, then any free port.</summary>
    public static IReadOnlyList<int> PreferredPorts { get; } = [13331, 13332, 13333];

    /// <summary>The TCP port to listen on (the DHT binds UDP on the same number); null = <see cref="PreferredPorts"/>, then any.</summary>
    public int? Port { get; init; }

    /// <summary>The address to listen on (dual-stack any by default).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.IPv6Any;

    /// <summary>Find peers on the LAN with multicast DNS.</summary>
    public bool Lan { get; init; } = true;

    /// <summary>Multicast DNS settings (5353, 224.0.0.251).</summary>
    public MulticastDnsOptions Mdns { get; init; } = MulticastDnsOptions.Default;

    /// <summary>Find peers on the hyperswarm 2 DHT.</summary>
    public bool Dht { get; init; } = true;

    /// <summary>DHT bootstrap nodes as HOST:PORT; null = the public hyperswarm 2 list.</summary>
    public IReadOnlyList<string>? Bootstrap { get; init; }

    /// <summary>More ways of finding peers (each is joined to the topic and disposed with the swarm).</summary>
    public IReadOnlyList<IPeerDiscovery> Discoveries { get; init; } = [];

    /// <summary>Announce our port under the topic (others can find us).</summary>
    public bool Announce { get; init; } = true;

    /// <summary>Look the topic up (we dial those we find).</summary>
    public bool Lookup { get; init; } = true;

    /// <summary>
    /// How each connection replicates. The default is live (every feed, new entries and new feeds
    /// as they appear); a non-live swarm syncs once with each peer and raises <see cref="KappaSwarm.Synced"/>.
    /// </summary>
    public ReplicationOptions Replication { get; init; } = new() { Live = true };

    /// <summary>
    /// Our id in Cabal's <c>peer-id</c> extension (<see cref="PeerIdExtension"/>), sent on every
    /// connection: 64 hex characters; a cabal uses its local writer's key. Null = a random id for
    /// this swarm. The peer's id is <see cref="SwarmPeer.RemoteId"/>.
    /// </summary>
    public string? PeerId { get; init; }

    /// <summary>
    /// Keep one connection per remote peer id, as hyperswarm's <c>deduplicate</c>: of two connections
    /// to the same id, the one where the side with the smaller id dialled stays, the other is closed.
    /// </summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>At most this many connections, both directions (hyperswarm: 24); more incoming ones are closed at once.</summary>
    public int MaxPeers { get; init; } = 24;

    /// <summary>At most this many dials in progress.</summary>
    public int MaxPendingDials { get; init; } = 16;

    /// <summary>Addresses remembered (for backoff and bans); beyond it the oldest idle ones are forgotten.</summary>
    public int MaxKnownAddresses { get; init; } = 4096;

    /// <summary>A dial that has not connected after this long fails (hyperswarm: 10 s).</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection whose encrypted handshake has not finished after this long is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Redial delays after a lost connection or failed dial (hyperswarm: 1 s, 5 s, 15 s), then wait to be found again.</summary>
    public IReadOnlyList<TimeSpan> Backoff { get; init; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)];

    /// <summary>How long an address that failed the handshake or sent bad data is not dialled again.</summary>
    public TimeSpan BanTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where connections, failures and bans are logged (none by default).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}

using System.Net;

namespace Kappa.Swarm.Dht;

/// <summary>Settings of a <see cref="DhtNode"/> (immutable; start from <see cref="Default"/>).</summary>
public sealed record DhtOptions
{
    /// <summary>The public bootstrap nodes of the hyperswarm 2 DHT (@hyperswarm/dht 4.0.1's DEFAULT_BOOTSTRAP).</summary>
    public static IReadOnlyList<string> PublicBootstrap { get; } =
        ["bootstrap1.hyperdht.org:49737", "bootstrap2.hyperdht.org:49737", "bootstrap3.hyperdht.org:49737"];

    /// <summary>An ephemeral node on any port that bootstraps from <see cref="PublicBootstrap"/>.</summary>
    public static DhtOptions Default { get; } = new();

    /// <summary>UDP port to bind; 0 picks any. hyperswarm uses its TCP port number, so peers that
    /// announce with port 0 are recorded at the right TCP port.</summary>
    public int Port { get; init; }

    /// <summary>Local address to bind (IPv4; the hyperswarm 2 DHT carries IPv4 only).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Nodes to start from, each <c>host:port</c> (host names are resolved to IPv4 at start);
    /// empty for the first node of a private network.</summary>
    public IReadOnlyList<string> Bootstrap { get; init; } = PublicBootstrap;

    /// <summary>
    /// True (the default, as hyperswarm 2 clients): the node leaves its id out of every message,
    /// so nobody routes through it or stores announcements on it. False: a full node that others
    /// add to their routing tables, that answers their queries and stores their announcements.
    /// </summary>
    public bool Ephemeral { get; init; } = true;

    /// <summary>Most announcements a full node stores, over all topics.</summary>
    public int MaxRecords { get; init; } = PeerRecordStore.DefaultMaxTotal;

    /// <summary>Most announcements a full node stores under one topic.</summary>
    public int MaxRecordsPerTopic { get; init; } = PeerRecordStore.DefaultMaxPerTopic;

    internal DhtTimings Timings { get; init; } = DhtTimings.Default;

    internal TimeProvider Time { get; init; } = TimeProvider.System;
}

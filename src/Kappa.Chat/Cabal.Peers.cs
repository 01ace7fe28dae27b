using Kappa.Swarm;

namespace Kappa.Chat;

/// <summary>
/// Who we are connected to, as cabal-core counts peers: each connection carries Cabal's
/// <c>peer-id</c> extension (<see cref="PeerIdExtension"/>; we send <see cref="LocalKey"/>, the peer
/// sends its local writer's key), and a peer is its key. Covers sessions started with
/// <see cref="StartReplicationAsync"/> and swarms joined with <see cref="JoinSwarmAsync"/>.
/// </summary>
public sealed partial class Cabal
{
    private readonly Lock _peersGate = new();
    private readonly Dictionary<object, string> _directPeers = [];
    private readonly List<KappaSwarm> _swarms = [];
    private HashSet<string> _peers = new(StringComparer.Ordinal);

    /// <summary>The local writer keys (hex) of the peers connected now, each once however many connections it has.</summary>
    public IReadOnlyCollection<string> Peers
    {
        get { lock (_peersGate) return [.. _peers]; }
    }

    /// <summary>A peer's key joined <see cref="Peers"/> (cabal-core: <c>peer-added</c>). Raised on a connection's thread: do not block.</summary>
    public event EventHandler<string>? PeerAdded;

    /// <summary>A peer's last connection ended (cabal-core: <c>peer-dropped</c>).</summary>
    public event EventHandler<string>? PeerDropped;

    /// <summary>
    /// Joins the cabal's swarm (topic = discovery key of the cabal key; LAN multicast DNS and the
    /// hyperswarm DHT unless <paramref name="options"/> says otherwise), replicating live with the
    /// cabal key and sending our <see cref="LocalKey"/> as peer id, so Cabal clients count us and
    /// duplicate connections to one peer are closed. Dispose the swarm to leave (before the cabal).
    /// </summary>
    /// <param name="options">Ports, discoveries, bootstrap nodes; its <c>Replication</c> and <c>PeerId</c> are set here.</param>
    /// <param name="ct">Cancels joining.</param>
    public async Task<KappaSwarm> JoinSwarmAsync(SwarmOptions? options = null, CancellationToken ct = default)
    {
        options = (options ?? SwarmOptions.Default) with { Replication = ReplicationOptions(live: true), PeerId = LocalKey };
        if (options.LoggerFactory is null && Core.Options.LoggerFactory is { } loggers) options = options with { LoggerFactory = loggers };
        var swarm = new KappaSwarm(Core.Store, options);
        swarm.PeerIdentified += (_, _) => RecountPeers();
        swarm.PeerDisconnected += (_, _) => RecountPeers();
        lock (_peersGate) _swarms.Add(swarm);
        try { await swarm.StartAsync(ct).ConfigureAwait(false); }
        catch
        {
            lock (_peersGate) _swarms.Remove(swarm);
            await swarm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return swarm;
    }

    private void DirectPeer(object session, string? key)
    {
        lock (_peersGate)
        {
            if (key is null) _directPeers.Remove(session);
            else _directPeers[session] = key;
        }
        RecountPeers();
    }

    /// <summary>Recomputes the set from the direct sessions and the swarms, and raises the differences.</summary>
    private void RecountPeers()
    {
        List<string> added, dropped;
        lock (_peersGate)
        {
            var now = new HashSet<string>(_directPeers.Values, StringComparer.Ordinal);
            foreach (var swarm in _swarms)
                foreach (var peer in swarm.Peers)
                    if (peer.RemoteId is { } id) now.Add(id);
            added = [.. now.Except(_peers)];
            dropped = [.. _peers.Except(now)];
            _peers = now;
        }
        foreach (var key in added) PeerAdded?.Invoke(this, key);
        foreach (var key in dropped) PeerDropped?.Invoke(this, key);
    }
}

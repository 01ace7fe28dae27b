using Kappa.Multifeed.Replication;
using Kappa.Swarm.Discovery;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm;

/// <summary>
/// Cabal's <c>peer-id</c> on every connection and hyperswarm 2.15.3's deduplication by it
/// (lib/queue.js <c>deduplicate</c>): of two connections to one remote id, the one where the side
/// with the smaller id is the client (the dialler) stays. Both sides compute the same answer when the
/// two connections go opposite ways (the usual case: each side dialled the other), so both close the
/// same one — which also works against peers that never deduplicate (cabal-core). When both go the
/// same way (one side dialled two addresses of the other), only the dialler closes, as hyperswarm.
/// </summary>
public sealed partial class KappaSwarm
{
    private readonly Dictionary<string, SwarmConnection> _byRemoteId = new(StringComparer.Ordinal);

    /// <summary>Our id in the <c>peer-id</c> extension (<see cref="SwarmOptions.PeerId"/>, or a random one), lowercase hex.</summary>
    public string PeerId { get; }

    /// <summary>Raised when a connection's peer sent its id (<see cref="SwarmPeer.RemoteId"/>) and the connection was kept.</summary>
    public event EventHandler<SwarmPeer>? PeerIdentified;

    private static string ResolvePeerId(SwarmOptions options)
    {
        if (options.PeerId is null) return Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        if (!PeerIdExtension.IsId(options.PeerId)) throw new ArgumentException("SwarmOptions.PeerId is 64 hex characters.", nameof(options));
        return options.PeerId.ToLowerInvariant();
    }

    /// <summary>This connection's replication: the swarm's options plus our <c>peer-id</c> (replacing one given in the options).</summary>
    private ReplicationOptions ReplicationFor(SwarmConnection connection)
    {
        var replication = _options.Replication;
        var extension = PeerIdExtension.Create(PeerId, id => OnRemoteId(connection, id));
        return replication with { Extensions = [.. replication.Extensions.Where(e => e.Name != PeerIdExtension.Name), extension] };
    }

    /// <summary>The peer told its id (on its session's reader, under the session lock: nothing here blocks).</summary>
    private void OnRemoteId(SwarmConnection connection, string remoteId)
    {
        SwarmConnection? drop = null;
        lock (_gate)
        {
            if (!_connections.Contains(connection)) return;
            connection.RemoteId = remoteId;
            var cmp = string.CompareOrdinal(PeerId, remoteId); // lowercase hex: the order of the key bytes
            if (cmp == 0) drop = connection; // hyperswarm: "Connected to self"
            else if (_options.Deduplicate && _byRemoteId.TryGetValue(remoteId, out var other) && other != connection && !other.Duplicate)
            {
                // hyperswarm: otherIsDuplicate = cmp < 0 ? peer.client : !peer.client (same transport).
                var otherIsDuplicate = cmp < 0 ? connection.IsInitiator : !connection.IsInitiator;
                var (keep, duplicate) = otherIsDuplicate ? (connection, other) : (other, connection);
                // A duplicate we accepted is closed by us only when the two connections go opposite
                // ways (then the peer agrees); otherwise its dialler decides, as in hyperswarm.
                if (duplicate.IsInitiator || keep.IsInitiator != duplicate.IsInitiator)
                {
                    drop = duplicate;
                    duplicate.KeptInstead = keep;
                    _byRemoteId[remoteId] = keep;
                }
            }
            else if (_options.Deduplicate) _byRemoteId[remoteId] = connection;
            if (drop is not null) drop.Duplicate = true;
        }
        if (drop is not null)
        {
            LogDuplicate(_logger, drop.Address, remoteId, drop.IsInitiator);
            _ = Task.Run(() => CloseAsync(drop));
        }
        RaiseIdentified(connection);
    }

    /// <summary>Raises <see cref="PeerIdentified"/> once, when both the session and the id are known (either may come first).</summary>
    private void RaiseIdentified(SwarmConnection connection)
    {
        if (connection.Session is null || connection.RemoteId is null || connection.Duplicate) return;
        if (Interlocked.Exchange(ref connection.IdentifiedRaised, 1) == 0) PeerIdentified?.Invoke(this, connection.Snapshot());
    }

    private static async Task CloseAsync(SwarmConnection connection)
    {
        if (connection.Session is { } session) await session.DisposeAsync().ConfigureAwait(false);
        else connection.Socket.Dispose(); // the session is still starting: it fails on the closed socket
    }

    /// <summary>The connection ended: forget its id, and let the dials held back by it go again.</summary>
    private List<DiscoveredPeer> Forget(SwarmConnection connection)
    {
        if (connection.RemoteId is { } id && _byRemoteId.TryGetValue(id, out var known) && known == connection) _byRemoteId.Remove(id);
        var held = new List<DiscoveredPeer>(connection.Held);
        connection.Held.Clear();
        return held;
    }

    /// <summary>A dialled duplicate: its address stays busy until the kept connection ends (hyperswarm bans it until then).</summary>
    private void HoldOrRedial(DiscoveredPeer peer, SwarmConnection dropped)
    {
        lock (_gate)
        {
            if (dropped.KeptInstead is { } keep && _connections.Contains(keep))
            {
                keep.Held.Add(peer);
                return;
            }
        }
        if (dropped.KeptInstead is null) _book.Ban(peer.EndPoint, _options.BanTime); // a connection to ourselves
        else Redial(peer);
    }

    private void Redial(DiscoveredPeer peer)
    {
        _book.Release(peer.EndPoint, TimeSpan.Zero);
        ScheduleRedial(peer, _options.Backoff.Count > 0 ? _options.Backoff[0] : TimeSpan.Zero);
    }

    [LoggerMessage(40, LogLevel.Information, "Closing the duplicate connection with {Address} (peer id {RemoteId}, initiator {Initiator})")]
    private static partial void LogDuplicate(ILogger logger, System.Net.IPEndPoint address, string remoteId, bool initiator);
}

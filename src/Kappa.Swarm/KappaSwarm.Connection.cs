using System.Net;
using System.Net.Sockets;
using Kappa.Hypercore;
using Kappa.Multifeed.Replication;
using Kappa.Protocol;
using Kappa.Swarm.Discovery;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm;

public sealed partial class KappaSwarm
{
    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                LogAcceptFailed(_logger, e.SocketErrorCode);
                continue;
            }
            if (ConnectionCount >= _options.MaxPeers)
            {
                socket.Dispose(); // full, as hyperswarm's maxConnections = -1 while at maxPeers
                continue;
            }
            socket.NoDelay = true;
            var remote = Normalize((IPEndPoint)socket.RemoteEndPoint!);
            Track(RunConnectionAsync(new SwarmConnection(socket, remote, PeerSource.Incoming, isInitiator: false)));
        }
    }

    /// <summary>Replicates over one connection until it ends; never throws (the outcome says what happened).</summary>
    private async Task<ConnectionOutcome> RunConnectionAsync(SwarmConnection connection)
    {
        var (socket, address, source, isInitiator) = (connection.Socket, connection.Address, connection.Source, connection.IsInitiator);
        lock (_gate) _connections.Add(connection);
        var outcome = ConnectionOutcome.Lost;
        try
        {
            ReplicationSession session;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                handshake.CancelAfter(_options.HandshakeTimeout);
                session = await _store.StartReplicationAsync(socket, isInitiator, ReplicationFor(connection), handshake.Token).ConfigureAwait(false);
            }
            connection.Session = session;
            if (connection.Duplicate) await CloseAsync(connection).ConfigureAwait(false); // dropped while starting
            if (isInitiator) _book.Connected(address);
            LogConnected(_logger, address, source, isInitiator);
            PeerConnected?.Invoke(this, connection.Snapshot());
            RaiseIdentified(connection);
            await using (session.ConfigureAwait(false))
            {
                var result = await session.Completion.ConfigureAwait(false);
                if (!_options.Replication.Live)
                {
                    outcome = ConnectionOutcome.Synced;
                    Synced?.Invoke(this, new SwarmSync(connection.Snapshot(), result));
                }
            }
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or KappaException or IOException or SocketException or ObjectDisposedException)
        {
            outcome = ConnectionOutcome.Stopped;
        }
        catch (Exception e) when (e is OperationCanceledException or KappaException or IOException or SocketException or ObjectDisposedException)
        {
            outcome = Classify(e);
            LogEnded(_logger, address, outcome, e.Message);
        }
        finally
        {
            List<DiscoveredPeer> held;
            lock (_gate)
            {
                _connections.Remove(connection);
                held = Forget(connection);
            }
            socket.Dispose();
            if (connection.Duplicate && outcome != ConnectionOutcome.Stopped) outcome = ConnectionOutcome.Duplicate;
            if (connection.Session is not null) PeerDisconnected?.Invoke(this, connection.Snapshot());
            if (!_stop.IsCancellationRequested) foreach (var peer in held) Redial(peer);
        }
        return outcome;
    }

    /// <summary>Bad data or a failed handshake bans the address; a dropped link or timeout only backs off.</summary>
    private static ConnectionOutcome Classify(Exception e) => e switch
    {
        OperationCanceledException => ConnectionOutcome.BadPeer, // the handshake did not finish in time
        ProtocolException p when p.Code is ProtocolException.Timeout or ProtocolException.Truncated or ProtocolException.TransportFailed or ProtocolException.Aborted => ConnectionOutcome.Lost,
        ReplicationException r when r.Code == ReplicationException.Incomplete => ConnectionOutcome.Lost,
        FeedException f when f.Code is FeedException.Closed => ConnectionOutcome.Lost,
        KappaException => ConnectionOutcome.BadPeer,
        _ => ConnectionOutcome.Lost,
    };

    [LoggerMessage(30, LogLevel.Information, "Connected to {Address} (found via {Source}, initiator {Initiator})")]
    private static partial void LogConnected(ILogger logger, IPEndPoint address, PeerSource source, bool initiator);

    [LoggerMessage(31, LogLevel.Information, "Connection with {Address} ended ({Outcome}): {Reason}")]
    private static partial void LogEnded(ILogger logger, IPEndPoint address, ConnectionOutcome outcome, string reason);

    [LoggerMessage(32, LogLevel.Debug, "Accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);
}

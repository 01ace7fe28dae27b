using System.Net;
using System.Net.Sockets;
using Kappa.Swarm.Discovery;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm;

public sealed partial class KappaSwarm
{
    private void OnPeerFound(object? sender, DiscoveredPeer peer) => Consider(peer, scheduled: false);

    private void Consider(DiscoveredPeer peer, bool scheduled)
    {
        if (_stop.IsCancellationRequested || !peer.Topic.Span.SequenceEqual(Topic.Span)) return;
        if (!scheduled) PeerFound?.Invoke(this, peer);
        var address = Normalize(peer.EndPoint);
        if (IsSelf(address) || !_book.TryBegin(address, scheduled)) return;
        if (!_dials.Writer.TryWrite(peer with { EndPoint = address })) _book.Release(address, TimeSpan.Zero);
    }

    private async Task DialLoopAsync()
    {
        try
        {
            await foreach (var peer in _dials.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await _dialSlots.WaitAsync(_stop.Token).ConfigureAwait(false);
                Track(DialAsync(peer));
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>One dial: connect (bounded by the dial timeout), then run the connection; failures back off.</summary>
    private async Task DialAsync(DiscoveredPeer peer)
    {
        var address = peer.EndPoint;
        Socket? socket = null;
        try
        {
            if (ConnectionCount >= _options.MaxPeers)
            {
                _book.Release(address, _options.Backoff.Count > 0 ? _options.Backoff[0] : TimeSpan.Zero);
                return;
            }
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            limit.CancelAfter(_options.DialTimeout);
            await socket.ConnectAsync(address, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket?.Dispose();
            socket = null;
            if (_stop.IsCancellationRequested) return;
            LogDialFailed(_logger, address, e.Message);
            ScheduleRedial(peer, _book.Failed(address, _options.Backoff));
        }
        finally
        {
            _dialSlots.Release();
        }
        if (socket is null) return;
        var connection = new SwarmConnection(socket, address, peer.Source, isInitiator: true);
        var outcome = await RunConnectionAsync(connection).ConfigureAwait(false);
        switch (outcome)
        {
            case ConnectionOutcome.BadPeer:
                _book.Ban(address, _options.BanTime);
                break;
            case ConnectionOutcome.Synced:
                _book.Release(address, _options.Backoff.Count > 0 ? _options.Backoff[^1] : TimeSpan.Zero);
                break;
            case ConnectionOutcome.Lost:
                ScheduleRedial(peer, _book.Failed(address, _options.Backoff));
                break;
            case ConnectionOutcome.Duplicate:
                HoldOrRedial(peer, connection);
                break;
            default:
                break;
        }
    }

    private void ScheduleRedial(DiscoveredPeer peer, TimeSpan? delay)
    {
        if (delay is not { } wait || _stop.IsCancellationRequested) return;
        var token = _stop.Token;
        // A redial only for an address still remembered: one forgotten under a flood stays forgotten
        // (else its backoff would restart from 1 s, forever).
        _ = Task.Delay(wait, token).ContinueWith(_ =>
        {
            if (_book.Knows(peer.EndPoint)) Consider(peer, scheduled: true);
        }, token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>Addresses remembered for backoff and bans (bounded by <see cref="SwarmOptions.MaxKnownAddresses"/>).</summary>
    internal int KnownAddresses => _book.Count;

    private int ConnectionCount
    {
        get { lock (_gate) return _connections.Count; }
    }

    private static IPEndPoint Normalize(IPEndPoint address) =>
        address.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(address.Address.MapToIPv4(), address.Port) : address;

    /// <summary>Our own listener, found through the LAN or the DHT: never dialled.</summary>
    private bool IsSelf(IPEndPoint address) => address.Port == Port && _localAddresses.Contains(address.Address);

    [LoggerMessage(20, LogLevel.Debug, "Dial to {Address} failed: {Reason}")]
    private static partial void LogDialFailed(ILogger logger, IPEndPoint address, string reason);
}

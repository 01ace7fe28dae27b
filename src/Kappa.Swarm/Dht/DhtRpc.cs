using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm.Dht;

/// <summary>
/// The UDP request/response layer of dht-rpc 4 (lib/io.js): one socket, 16-bit request ids,
/// re-sends and time-outs (<see cref="DhtTimings"/>). A response is matched by rid and by the
/// address the request went to, so a stranger cannot answer for a node by guessing ids.
/// Requests to us are handed to <see cref="RequestReceived"/> on the receive loop (keep it short);
/// datagrams that do not decode are counted and dropped.
/// </summary>
internal sealed partial class DhtRpc : IAsyncDisposable
{
    private const int MaxDatagram = 65536;

    private readonly Socket _socket;
    private readonly DhtTimings _timings;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Pending?[] _pending = new Pending?[65536];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private int _nextRid = Random.Shared.Next(65536);
    private long _badDatagrams;

    public DhtRpc(IPEndPoint bind, DhtTimings timings, ILogger logger)
    {
        _timings = timings;
        _logger = logger;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(bind);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new DhtException("KAPPA_DHT_BIND", $"Cannot bind the DHT's UDP socket to {bind}: {e.Message}", e);
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Raised on the receive loop for every query and update.</summary>
    public Action<DhtMessage, IPEndPoint>? RequestReceived { get; set; }

    /// <summary>Raised on the receive loop for every response matched to a request.</summary>
    public Action<DhtMessage, IPEndPoint>? ResponseReceived { get; set; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams dropped because they did not decode.</summary>
    public long BadDatagrams => Interlocked.Read(ref _badDatagrams);

    /// <summary>Requests waiting for an answer.</summary>
    public int Inflight
    {
        get { lock (_gate) return _pending.Count(p => p is not null); }
    }

    /// <summary>
    /// Sends <paramref name="request"/> (its rid replaced by a free one) and waits for the response,
    /// re-sending on the schedule; throws <see cref="DhtException"/> KAPPA_DHT_TIMEOUT when none comes.
    /// </summary>
    public async Task<DhtReply> RequestAsync(DhtMessage request, IPEndPoint to, CancellationToken ct = default)
    {
        to = Normalize(to);
        var pending = new Pending(to);
        var rid = Register(pending);
        try
        {
            var datagram = DhtMessageCodec.Encode(request with { Rid = (ulong)rid });
            var elapsed = TimeSpan.Zero;
            for (var send = 1; ; send++)
            {
                Send(datagram, to);
                var wait = send < _timings.Sends ? _timings.RetryInterval : _timings.Timeout - elapsed;
                elapsed += wait;
                var delay = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ct);
                if (await Task.WhenAny(pending.Reply.Task, delay).ConfigureAwait(false) == pending.Reply.Task)
                    return await pending.Reply.Task.ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                _stop.Token.ThrowIfCancellationRequested();
                if (send >= _timings.Sends)
                    throw new DhtException("KAPPA_DHT_TIMEOUT", $"No answer from {to} to {request.Command} after {_timings.Sends} sends.");
            }
        }
        finally
        {
            lock (_gate) _pending[rid] = null;
        }
    }

    /// <summary>Sends one datagram now (responses, fire-and-forget messages).</summary>
    public void Send(byte[] datagram, IPEndPoint to)
    {
        if (_stop.IsCancellationRequested) return;
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException e)
        {
            LogSendFailed(_logger, to, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        lock (_gate)
            foreach (var p in _pending) p?.Reply.TrySetCanceled();
        _stop.Dispose();
    }

    private int Register(Pending pending)
    {
        lock (_gate)
        {
            for (var i = 0; i < 65536; i++)
            {
                var rid = _nextRid;
                _nextRid = (_nextRid + 1) & 0xFFFF;
                if (_pending[rid] is not null) continue;
                _pending[rid] = pending;
                return rid;
            }
        }
        throw new DhtException("KAPPA_DHT_BUSY", "All 65536 request ids are in use.");
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxDatagram];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors surface here on some platforms (e.g. connection reset); the socket is still good.
                LogReceiveFailed(_logger, e.SocketErrorCode);
                continue;
            }
            var from = Normalize((IPEndPoint)received.RemoteEndPoint);
            if (from.Port == 0) continue;
            DhtMessage message;
            try
            {
                message = DhtMessageCodec.Decode(buffer, 0, received.ReceivedBytes);
            }
            catch (DhtException)
            {
                Interlocked.Increment(ref _badDatagrams);
                continue;
            }
            if (message.Id is { Length: not NodeId.Length }) continue; // io.js drops these too
            Dispatch(message, from);
        }
    }

    private void Dispatch(DhtMessage message, IPEndPoint from)
    {
        try
        {
            if (message.Type == DhtMessageType.Response)
            {
                Pending? pending;
                lock (_gate) pending = message.Rid < 65536 ? _pending[message.Rid] : null;
                if (pending is null || !pending.To.Equals(from)) return;
                ResponseReceived?.Invoke(message, from);
                pending.Reply.TrySetResult(new DhtReply(message, from));
            }
            else
            {
                RequestReceived?.Invoke(message, from);
            }
        }
        catch (DhtException e)
        {
            // A handler refusing hostile input must not stop the loop.
            LogHandlerRefused(_logger, from, e.Message);
        }
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private sealed class Pending(IPEndPoint to)
    {
        public IPEndPoint To { get; } = to;
        public TaskCompletionSource<DhtReply> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "DHT send to {To} failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint to, SocketError error);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "DHT receive error {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "DHT request from {From} refused: {Reason}")]
    private static partial void LogHandlerRefused(ILogger logger, IPEndPoint from, string reason);
}

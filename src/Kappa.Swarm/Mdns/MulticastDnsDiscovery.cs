using System.Net;
using System.Net.Sockets;
using Kappa.Swarm.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Swarm.Mdns;

/// <summary>
/// Finds peers on the local network with multicast DNS exactly as hyperswarm 2 does
/// (@hyperswarm/discovery 2.0.1 over multicast-dns 7; see <see cref="HyperswarmMdns"/>): one UDP
/// socket on 0.0.0.0:5353 with address reuse, joined to 224.0.0.251 on every IPv4 interface
/// (re-checked every 5 s), TTL 255, loopback on. Lookups query at join and every 30–60 s;
/// announcements go out once at join and then answer every matching query as it arrives.
/// Our own answers are recognised by the TXT id and skipped. Malformed packets are dropped.
/// </summary>
public sealed partial class MulticastDnsDiscovery : IPeerDiscovery
{
    private const int MaxPacket = 9000; // RFC 6762 §17: mDNS packets fit in a jumbo frame
    private readonly MulticastDnsOptions _options;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<MdnsTopic> _topics = [];
    private readonly HashSet<string> _memberships = [];
    private readonly RateGate _responses;
    private readonly RateGate _peers;
    private readonly Task _receiving;
    private readonly ITimer? _interfaceTimer;
    private long _packetsDropped;

    private MulticastDnsDiscovery(MulticastDnsOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _responses = new RateGate(options.MaxResponsesPerSecond, TimeProvider.System);
        _peers = new RateGate(options.MaxPeersPerSecond, TimeProvider.System);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(new IPEndPoint(options.BindAddress, options.Port));
            if (IsMulticast)
            {
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
                JoinInterfaces();
                _interfaceTimer = TimeProvider.System.CreateTimer(_ => JoinInterfaces(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
            }
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <inheritdoc />
    public event EventHandler<DiscoveredPeer>? PeerFound;

    /// <summary>The local UDP endpoint (5353 unless the options say otherwise).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Packets dropped as malformed so far (hostile or broken senders).</summary>
    public long PacketsDropped => Interlocked.Read(ref _packetsDropped);

    private bool IsMulticast => _options.Group.Address.AddressFamily == AddressFamily.InterNetwork && (_options.Group.Address.GetAddressBytes()[0] & 0xf0) == 0xe0;

    /// <summary>Binds the socket and starts answering. Throws <see cref="SocketException"/> when the port cannot be bound.</summary>
    public static MulticastDnsDiscovery Start(MulticastDnsOptions? options = null, ILogger? logger = null) =>
        new(options ?? MulticastDnsOptions.Default, logger ?? NullLogger.Instance);

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> JoinAsync(ReadOnlyMemory<byte> topic, int port, bool announce, bool lookup, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        if (topic.Length != 32) throw new ArgumentException("A topic is 32 bytes.", nameof(topic));
        if (announce && port is <= 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), "An announced port is 1 to 65535.");
        var joined = new MdnsTopic(this, topic.ToArray(), port, announce, lookup);
        lock (_gate) _topics.Add(joined);
        if (announce) Send(HyperswarmMdns.Response([.. HyperswarmMdns.AnnounceAnswers(joined.Name, port, joined.Id)]));
        if (lookup) joined.StartLookups(_options.QueryInterval, _stop.Token);
        return ValueTask.FromResult<IAsyncDisposable>(joined);
    }

    internal void Leave(MdnsTopic topic)
    {
        lock (_gate) _topics.Remove(topic);
    }

    internal void Send(DnsPacket packet)
    {
        if (_stop.IsCancellationRequested) return;
        try { _socket.SendTo(DnsPacketWriter.Encode(packet), _options.Group); }
        catch (SocketException e) { LogSendFailed(_logger, _options.Group, e.SocketErrorCode); }
        catch (ObjectDisposedException) { }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_interfaceTimer is not null) await _interfaceTimer.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        try { await _receiving.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        MdnsTopic[] topics;
        lock (_gate) topics = [.. _topics];
        foreach (var t in topics) await t.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(1, LogLevel.Debug, "mDNS send to {Group} failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint group, SocketError error);

    [LoggerMessage(2, LogLevel.Debug, "mDNS packet from {Sender} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, EndPoint sender, string reason);

    [LoggerMessage(3, LogLevel.Debug, "mDNS could not join {Group} on {Address}: {Error}")]
    private static partial void LogJoinFailed(ILogger logger, IPAddress group, IPAddress address, SocketError error);
}

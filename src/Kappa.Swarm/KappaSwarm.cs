using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Kappa.Multifeed.Store;
using Kappa.Swarm.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Swarm;

/// <summary>
/// Keeps a store in sync with every peer found for its topic, as a hyperswarm 2 peer (discovery.md):
/// one TCP listener (ports 13331, 13332, 13333, then any), multicast DNS and the DHT announcing
/// and looking up <c>discoveryKey(exchange key)</c>, a dial to each address found (the dialler is
/// the protocol initiator), and on every connection the store's replication (live by default).
/// Every connection carries Cabal's <c>peer-id</c> extension (<see cref="PeerIdExtension"/>): the
/// peer's id is reported in <see cref="SwarmPeer.RemoteId"/>, and of two connections to one id only
/// one is kept, by hyperswarm's rule (see <see cref="SwarmOptions.Deduplicate"/>); lost connections are redialled after 1, 5 and 15 s; peers that fail the handshake or send bad
/// data are banned for <see cref="SwarmOptions.BanTime"/>; connections and dials are bounded.
/// </summary>
/// <remarks>Thread-safe. Dispose to leave the topic and close every connection.</remarks>
public sealed partial class KappaSwarm : IAsyncDisposable
{
    private readonly FeedStore _store;
    private readonly SwarmOptions _options;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly PeerBook _book;
    private readonly Channel<DiscoveredPeer> _dials = Channel.CreateBounded<DiscoveredPeer>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _dialSlots;
    private readonly Lock _gate = new();
    private readonly HashSet<SwarmConnection> _connections = [];
    private readonly List<IPeerDiscovery> _discoveries = [];
    private readonly List<IAsyncDisposable> _joins = [];
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly HashSet<IPAddress> _localAddresses;
    private int _disposed;
    private int _started;

    /// <summary>
    /// Binds the swarm's TCP port without joining anything yet: subscribe to the events, then call
    /// <see cref="StartAsync"/>. (<see cref="JoinAsync"/> does both.)
    /// </summary>
    /// <exception cref="SwarmException">No port could be bound.</exception>
    public KappaSwarm(FeedStore store, SwarmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= SwarmOptions.Default;
        _store = store;
        _options = options;
        _listener = SwarmListener.Bind(options);
        _logger = options.LoggerFactory?.CreateLogger<KappaSwarm>() ?? NullLogger<KappaSwarm>.Instance;
        _book = new PeerBook(options.MaxKnownAddresses, TimeProvider.System);
        _dialSlots = new SemaphoreSlim(options.MaxPendingDials, options.MaxPendingDials);
        Topic = SwarmTopic.ForExchangeKey(options.Replication.EncryptionKey);
        PeerId = ResolvePeerId(options);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _localAddresses = LocalAddresses();
    }

    /// <summary>The 32-byte topic joined: <c>discoveryKey(exchange key)</c>.</summary>
    public ReadOnlyMemory<byte> Topic { get; }

    /// <summary>The TCP port we listen on (and announce).</summary>
    public int Port { get; }

    /// <summary>Every open connection, with transfer so far.</summary>
    public IReadOnlyList<SwarmPeer> Peers
    {
        get { lock (_gate) return [.. _connections.Where(c => c.Session is not null).Select(c => c.Snapshot())]; }
    }

    /// <summary>Raised when a connection's encrypted handshake completed and replication started.</summary>
    public event EventHandler<SwarmPeer>? PeerConnected;

    /// <summary>Raised when a connection ended, whatever the reason.</summary>
    public event EventHandler<SwarmPeer>? PeerDisconnected;

    /// <summary>Raised when a non-live sync with a peer completed (see <see cref="SwarmOptions.Replication"/>).</summary>
    public event EventHandler<SwarmSync>? Synced;

    /// <summary>Raised for every address a discovery reported (before deduplication and backoff).</summary>
    public event EventHandler<DiscoveredPeer>? PeerFound;

    /// <summary>
    /// Starts the swarm for <paramref name="store"/>: listens, joins the topic on every discovery
    /// and dials what they find. Disposing the swarm does not close the store.
    /// </summary>
    /// <exception cref="SwarmException">No port could be bound, or a discovery could not start.</exception>
    public static async Task<KappaSwarm> JoinAsync(FeedStore store, SwarmOptions? options = null, CancellationToken ct = default)
    {
        var swarm = new KappaSwarm(store, options);
        try { await swarm.StartAsync(ct).ConfigureAwait(false); }
        catch
        {
            await swarm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return swarm;
    }

    /// <summary>Dials <paramref name="address"/> (as if a discovery had found it), with the usual backoff and bans.</summary>
    public void AddPeer(IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        OnPeerFound(this, new DiscoveredPeer(Topic, address, PeerSource.Manual));
    }

    /// <summary>Starts accepting and dialling, and joins the topic on every discovery. Call once.</summary>
    /// <exception cref="SwarmException">A discovery could not start.</exception>
    public async Task StartAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("The swarm is already started.");
        Track(AcceptLoopAsync());
        Track(DialLoopAsync());
        foreach (var discovery in SwarmDiscoveries.Create(_options, Port, _logger))
        {
            _discoveries.Add(discovery);
            discovery.PeerFound += OnPeerFound;
        }
        foreach (var discovery in _options.Discoveries) discovery.PeerFound += OnPeerFound;
        foreach (var discovery in _discoveries.Concat(_options.Discoveries))
            _joins.Add(await discovery.JoinAsync(Topic, Port, _options.Announce, _options.Lookup, ct).ConfigureAwait(false));
        LogStarted(_logger, Port, Convert.ToHexStringLower(Topic.Span));
    }

    private void Track(Task task)
    {
        _running[task] = 0;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Leaves the topic everywhere, closes every connection (each session is stopped) and the listener.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        _dials.Writer.TryComplete();
        foreach (var join in _joins) await join.DisposeAsync().ConfigureAwait(false);
        foreach (var discovery in _discoveries.Concat(_options.Discoveries)) discovery.PeerFound -= OnPeerFound;
        foreach (var discovery in _discoveries) await discovery.DisposeAsync().ConfigureAwait(false);
        SwarmConnection[] open;
        lock (_gate) open = [.. _connections];
        await Task.WhenAll(open.Select(c => c.Session?.DisposeAsync().AsTask() ?? Task.CompletedTask)).ConfigureAwait(false);
        foreach (var c in open) c.Socket.Dispose();
        await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static HashSet<IPAddress> LocalAddresses()
    {
        var set = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.Any, IPAddress.IPv6Loopback };
        try
        {
            foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
                foreach (var u in nic.GetIPProperties().UnicastAddresses) set.Add(u.Address);
        }
        catch (System.Net.NetworkInformation.NetworkInformationException) { }
        return set;
    }

    [LoggerMessage(1, LogLevel.Information, "Swarm listening on port {Port}, topic {Topic}")]
    private static partial void LogStarted(ILogger logger, int port, string topic);
}

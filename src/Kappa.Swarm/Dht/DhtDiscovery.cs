using Kappa.Swarm.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Swarm.Dht;

/// <summary>
/// Finding peers through the hyperswarm 2 DHT: each joined topic is announced (an iterative
/// <c>peers</c> query plus UPDATE to the closest nodes, which also reports the peers already
/// there) or looked up, at once, again 3–6 s later (so two peers joining together do not miss
/// each other), then every 5–10 minutes at random (@hyperswarm/discovery 2.0.1; records live
/// 12 minutes); a failed round is retried sooner, backing off from 5 s.
/// Leaving a topic unannounces it. Peers are reported through <see cref="PeerFound"/> with
/// <see cref="PeerSource.Dht"/>: the announcing node's address with the port it announced.
/// Thread-safe.
/// </summary>
public sealed partial class DhtDiscovery : IPeerDiscovery
{
    private readonly bool _ownsNode;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<DhtTopicJoin> _joins = [];
    private bool _disposed;

    /// <summary>Uses an existing node (not disposed with this discovery).</summary>
    public DhtDiscovery(DhtNode node, ILogger? logger = null)
        : this(node, ownsNode: false, logger)
    {
    }

    private DhtDiscovery(DhtNode node, bool ownsNode, ILogger? logger)
    {
        Node = node;
        _ownsNode = ownsNode;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Starts a DHT node with <paramref name="options"/> (port, bootstrap nodes, ephemeral or full)
    /// and a discovery over it that owns it. Throws <see cref="DhtException"/> when the port is taken.
    /// </summary>
    public static DhtDiscovery Start(DhtOptions? options = null, ILogger? logger = null) =>
        new(DhtNode.Start(options, logger), ownsNode: true, logger);

    /// <summary>The DHT node used.</summary>
    public DhtNode Node { get; }

    /// <inheritdoc />
    public event EventHandler<DiscoveredPeer>? PeerFound;

    /// <summary>Shortest and longest wait between rounds (hyperswarm 2: 5 and 10 minutes).</summary>
    internal (TimeSpan Min, TimeSpan Max) Refresh { get; set; } = (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));

    /// <summary>
    /// Wait between the first round and the second (then <see cref="Refresh"/>). Two peers that join
    /// at the same moment both query before either has announced and miss each other; hyperswarm 2
    /// then waits 5–10 minutes. One early second round closes that gap.
    /// </summary>
    internal (TimeSpan Min, TimeSpan Max) FollowUp { get; set; } = (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6));

    /// <summary>First wait after a failed round (doubled each failure, up to <see cref="Refresh"/>'s minimum).</summary>
    internal TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable> JoinAsync(ReadOnlyMemory<byte> topic, int port, bool announce, bool lookup, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (topic.Length != NodeId.Length) throw new DhtException("KAPPA_DHT_ARGUMENT", $"A topic is {NodeId.Length} bytes, not {topic.Length}.");
        if (!announce && !lookup) throw new DhtException("KAPPA_DHT_ARGUMENT", "Join a topic to announce, to look up, or both.");
        if (announce && port is < 1 or > 65535) throw new DhtException("KAPPA_DHT_ARGUMENT", $"Port {port} is out of range.");
        var join = new DhtTopicJoin(this, topic.ToArray(), port, announce, lookup);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _joins.Add(join);
        }
        join.Start();
        return ValueTask.FromResult<IAsyncDisposable>(join);
    }

    /// <summary>Leaves every topic (unannouncing), then stops the node if this discovery started it.</summary>
    public async ValueTask DisposeAsync()
    {
        DhtTopicJoin[] joins;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            joins = [.. _joins];
        }
        foreach (var join in joins) await join.DisposeAsync().ConfigureAwait(false);
        if (_ownsNode) await Node.DisposeAsync().ConfigureAwait(false);
    }

    internal void Left(DhtTopicJoin join)
    {
        lock (_gate) _joins.Remove(join);
    }

    internal void Report(ReadOnlyMemory<byte> topic, DhtPeer peer)
    {
        try
        {
            PeerFound?.Invoke(this, new DiscoveredPeer(topic, peer.EndPoint, PeerSource.Dht));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogHandlerFailed(_logger, e);
        }
    }

    internal ILogger Logger => _logger;

    [LoggerMessage(EventId = 5121, Level = LogLevel.Warning, Message = "A PeerFound handler threw")]
    private static partial void LogHandlerFailed(ILogger logger, Exception e);
}

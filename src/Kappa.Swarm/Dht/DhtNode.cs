using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Swarm.Dht;

/// <summary>
/// A node of the hyperswarm 2 DHT (dht-rpc 4.9.6 + @hyperswarm/dht 4.0.1) on one UDP socket:
/// <c>_ping</c>, <c>_find_node</c> and the <c>peers</c> command (lookup, announce, unannounce),
/// a Kademlia routing table (k = 20), iterative queries (concurrency 16), re-sends and
/// time-outs as dht-rpc. Ephemeral by default (a client nobody routes through); with
/// <see cref="DhtOptions.Ephemeral"/> false it is a full node that others add to their tables
/// and that stores their announcements for 12 minutes. Thread-safe.
/// </summary>
public sealed partial class DhtNode : IAsyncDisposable
{
    private readonly DhtOptions _options;
    private readonly ILogger _logger;
    private readonly RoundtripTokens _tokens = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<NodeId> _checking = [];
    private readonly Task _maintenance;
    private readonly TaskCompletionSource _bootstrapped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<IPEndPoint> _bootstrapNodes = [];

    private DhtNode(DhtOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Id = NodeId.Random();
        Table = new RoutingTable(Id);
        Records = new PeerRecordStore(options.Time, options.MaxRecords, options.MaxRecordsPerTopic);
        Rpc = new DhtRpc(new IPEndPoint(options.BindAddress, options.Port), options.Timings, logger);
        Rpc.RequestReceived = OnRequest;
        Rpc.ResponseReceived = (message, from) => AddNode(message, from);
        _maintenance = Task.Run(MaintainAsync);
    }

    /// <summary>
    /// Binds the UDP socket and starts bootstrapping in the background (see
    /// <see cref="WhenBootstrapped"/>). Throws <see cref="DhtException"/> (KAPPA_DHT_BIND) when
    /// the port is taken, or KAPPA_DHT_ARGUMENT for a malformed bootstrap entry.
    /// </summary>
    public static DhtNode Start(DhtOptions? options = null, ILogger? logger = null)
    {
        options ??= DhtOptions.Default;
        if (options.Port is < 0 or > 65535) throw new DhtException("KAPPA_DHT_ARGUMENT", $"Port {options.Port} is out of range.");
        foreach (var entry in options.Bootstrap) ParseHostPort(entry);
        return new DhtNode(options, logger ?? NullLogger.Instance);
    }

    /// <summary>The bound UDP address.</summary>
    public IPEndPoint LocalEndPoint => Rpc.LocalEndPoint;

    /// <summary>False for a full node (see <see cref="DhtOptions.Ephemeral"/>).</summary>
    public bool Ephemeral => _options.Ephemeral;

    /// <summary>Nodes in the routing table.</summary>
    public int RoutingTableSize => Table.Count;

    /// <summary>Announcements this node stores for others (full nodes).</summary>
    public int StoredAnnouncements => Records.Count;

    /// <summary>Completes when the first bootstrap query ended (even if no node answered: a lone
    /// first node of a private network is bootstrapped too).</summary>
    public Task WhenBootstrapped => _bootstrapped.Task;

    internal NodeId Id { get; }
    internal RoutingTable Table { get; }
    internal PeerRecordStore Records { get; }
    internal DhtRpc Rpc { get; }
    internal IReadOnlyList<IPEndPoint> BootstrapNodes => Volatile.Read(ref _bootstrapNodes);

    /// <summary>Pings a node; returns our address as it sees it. Throws <see cref="DhtException"/> (KAPPA_DHT_TIMEOUT) when it does not answer.</summary>
    public async Task<IPEndPoint> PingAsync(IPEndPoint node, CancellationToken ct = default)
    {
        var reply = await Rpc.RequestAsync(NewRequest(DhtMessageType.Query, "_ping", null, null, node), node, ct).ConfigureAwait(false);
        var seen = reply.Message.To ?? reply.Message.Value;
        if (seen is not { Length: PeerRecords.PeerLength }) throw DhtException.BadMessage("a _ping answer without the sender's address");
        return PeerRecords.ReadPeer(seen);
    }

    /// <summary>
    /// Runs an iterative <c>_find_node</c> for our own id, filling the routing table (dht-rpc's
    /// bootstrap). Throws <see cref="DhtException"/> (KAPPA_DHT_NO_NODES) when no node answered.
    /// </summary>
    public async Task BootstrapAsync(CancellationToken ct = default)
    {
        await ResolveBootstrapAsync(ct).ConfigureAwait(false);
        var query = new IterativeQuery(this, "_find_node", Id, null, query: true, update: false);
        await query.RunAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Stops answering, cancels every request, closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _maintenance.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await Rpc.DisposeAsync().ConfigureAwait(false);
        _bootstrapped.TrySetCanceled();
        _stop.Dispose();
    }

    internal DhtMessage NewRequest(DhtMessageType type, string command, NodeId? target, byte[]? value, IPEndPoint to) => new()
    {
        Version = DhtMessage.CurrentVersion,
        Type = type,
        Rid = 0,
        To = to.AddressFamily == AddressFamily.InterNetwork ? PeerRecords.EncodePeer(to) : null,
        Id = Ephemeral ? null : Id.ToArray(),
        Target = target?.ToArray(),
        Command = command,
        Value = value,
    };

    private void AddNode(DhtMessage message, IPEndPoint from)
    {
        if (message.ValidId is not { } idBytes) return;
        var fresh = new DhtContact(NodeId.FromBytes(idBytes), from);
        if (Table.Add(fresh) is not { } stale) return;
        lock (_gate)
            if (_checking.Count >= IterativeQuery.Concurrency || !_checking.Add(stale.Id)) return;
        _ = CheckAsync(stale, fresh);
    }

    // A full bucket keeps its oldest node if it still answers (Kademlia); else the new one takes its place.
    private async Task CheckAsync(DhtContact stale, DhtContact fresh)
    {
        try
        {
            await PingAsync(stale.EndPoint, _stop.Token).ConfigureAwait(false);
            Table.Add(stale);
        }
        catch (DhtException)
        {
            Table.Replace(stale, fresh);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate) _checking.Remove(stale.Id);
        }
    }

    internal static (string Host, int Port) ParseHostPort(string entry)
    {
        var colon = entry.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            throw new DhtException("KAPPA_DHT_ARGUMENT", $"A bootstrap node is HOST:PORT, not \"{entry}\".");
        return (entry[..colon], port);
    }
}

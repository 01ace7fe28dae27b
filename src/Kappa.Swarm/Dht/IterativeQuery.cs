using System.Net;

namespace Kappa.Swarm.Dht;

/// <summary>
/// One iterative Kademlia query (dht-rpc 4 lib/query-stream.js): start from the routing table's
/// closest nodes (and the bootstrap nodes when the table knows fewer nodes than there are
/// bootstrap nodes), ask up to 16 at a time, move closer through each answer's closerNodes,
/// keep the 20 closest nodes that answered with an id and a round-trip token; then, for an
/// update, send the UPDATE with each one's token. A query-less update (unannounce) moves closer
/// with <c>_find_node</c>. Nodes that never answer are dropped from the routing table.
/// </summary>
internal sealed class IterativeQuery(DhtNode node, string command, NodeId target, byte[]? value, bool query, bool update)
{
    public const int Concurrency = 16;

    private readonly List<QueryCandidate> _unverified = [];
    private readonly List<QueryCandidate> _closest = [];

    /// <summary>Called for every answer carrying the command's result (never for error answers).</summary>
    public Action<DhtReply>? OnResult { get; init; }

    public int Responses { get; private set; }
    public int Updates { get; private set; }

    /// <summary>The closest nodes that answered, closest first.</summary>
    public IReadOnlyList<QueryCandidate> Closest => _closest;

    public async Task RunAsync(CancellationToken ct)
    {
        var inflight = new List<Task<(QueryCandidate? To, IPEndPoint EndPoint, DhtReply? Reply)>>();
        var k = RoutingTable.DefaultK;
        var seeds = node.Table.Closest(target, k);
        foreach (var s in seeds) AddUnverified(s.Id, s.EndPoint);
        if (seeds.Count < node.BootstrapNodes.Count)
            foreach (var b in node.BootstrapNodes) inflight.Add(SendAsync(null, b, isUpdate: false, ct));

        await DrainAsync(inflight, _unverified, isUpdate: false, ct).ConfigureAwait(false);
        if (Responses == 0) throw new DhtException("KAPPA_DHT_NO_NODES", $"No DHT node answered the {command} query.");
        if (!update) return;

        foreach (var c in _closest) c.Queried = false;
        await DrainAsync(inflight, _closest, isUpdate: true, ct).ConfigureAwait(false);
        if (Updates == 0) throw new DhtException("KAPPA_DHT_NO_NODES", $"No close DHT node took the {command} update.");
    }

    private async Task DrainAsync(List<Task<(QueryCandidate? To, IPEndPoint EndPoint, DhtReply? Reply)>> inflight, List<QueryCandidate> source, bool isUpdate, CancellationToken ct)
    {
        while (true)
        {
            while (inflight.Count < Concurrency && source.Find(c => !c.Queried) is { } next)
            {
                next.Queried = true;
                inflight.Add(SendAsync(next, next.EndPoint, isUpdate, ct));
            }
            if (inflight.Count == 0) return;
            var done = await Task.WhenAny(inflight).ConfigureAwait(false);
            inflight.Remove(done);
            var (to, _, reply) = await done.ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (reply is null)
            {
                if (to is not null) node.Table.Remove(to.Id);
                continue;
            }
            OnReply(reply, isUpdate);
        }
    }

    private void OnReply(DhtReply reply, bool isUpdate)
    {
        Responses++;
        var message = reply.Message;
        if (message.ValidId is { } idBytes && message.RoundtripToken is { } token)
        {
            var id = NodeId.FromBytes(idBytes);
            if (id != node.Id)
            {
                var candidate = _unverified.Find(c => c.Id == id) ?? new QueryCandidate(id, reply.From, id.Xor(target));
                candidate.RoundtripToken = token;
                QueryCandidate.InsertSorted(_closest, candidate, RoutingTable.DefaultK);
            }
        }
        if (isUpdate) Updates++;
        else if (message.CloserNodes is { } closer)
            foreach (var c in PeerRecords.DecodeNodes(closer)) AddUnverified(c.Id, c.EndPoint);
        if (message.Error is not null || (!query && !isUpdate)) return;
        OnResult?.Invoke(reply);
    }

    private void AddUnverified(NodeId id, IPEndPoint endPoint)
    {
        if (id == node.Id) return;
        QueryCandidate.InsertSorted(_unverified, new QueryCandidate(id, endPoint, id.Xor(target)), RoutingTable.DefaultK);
    }

    private async Task<(QueryCandidate? To, IPEndPoint EndPoint, DhtReply? Reply)> SendAsync(QueryCandidate? to, IPEndPoint endPoint, bool isUpdate, CancellationToken ct)
    {
        var message = isUpdate
            ? node.NewRequest(DhtMessageType.Update, command, target, value, endPoint) with { RoundtripToken = to!.RoundtripToken }
            : query
                ? node.NewRequest(DhtMessageType.Query, command, target, value, endPoint)
                : node.NewRequest(DhtMessageType.Query, "_find_node", target, null, endPoint);
        try
        {
            return (to, endPoint, await node.Rpc.RequestAsync(message, endPoint, ct).ConfigureAwait(false));
        }
        catch (DhtException)
        {
            return (to, endPoint, null);
        }
    }
}

using System.Net;

namespace Kappa.Swarm.Dht;

/// <summary>A node in one iterative query's table (dht-rpc 4 lib/query-table.js).</summary>
internal sealed class QueryCandidate(NodeId id, IPEndPoint endPoint, NodeId distance)
{
    public NodeId Id { get; } = id;
    public IPEndPoint EndPoint { get; } = endPoint;
    public NodeId Distance { get; } = distance;
    public bool Queried { get; set; }
    public byte[]? RoundtripToken { get; set; }

    /// <summary>Inserts into a list kept sorted by distance and capped at <paramref name="max"/> (query-table.js insertSorted).</summary>
    public static void InsertSorted(List<QueryCandidate> list, QueryCandidate node, int max)
    {
        if (list.Count == max && node.Distance.CompareTo(list[max - 1].Distance) >= 0) return;
        if (list.Exists(c => c.Id == node.Id)) return;
        if (list.Count == max) list.RemoveAt(max - 1);
        var at = list.FindIndex(c => c.Distance.CompareTo(node.Distance) > 0);
        list.Insert(at < 0 ? list.Count : at, node);
    }
}

namespace Kappa.Swarm.Dht;

/// <summary>
/// Kademlia k-buckets around the local id (k = 20, as k-bucket 5 in dht-rpc 4): bucket i holds
/// the nodes whose XOR distance has i leading zero bits, least recently seen first. A full
/// bucket does not take a new node at once: the caller pings the oldest and calls
/// <see cref="Replace"/> if it stays silent (Kademlia's preference for long-lived nodes, which
/// also keeps a flood of fresh ids from pushing out working ones). Thread-safe.
/// </summary>
internal sealed class RoutingTable(NodeId localId, int k = RoutingTable.DefaultK)
{
    public const int DefaultK = 20;

    private readonly List<DhtContact>?[] _buckets = new List<DhtContact>?[NodeId.Length * 8];
    private readonly Lock _gate = new();
    private int _count;

    public NodeId LocalId { get; } = localId;

    public int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>
    /// Adds or refreshes <paramref name="contact"/>. Returns null when it is in the table now, or
    /// the bucket's least recently seen node when the bucket is full (ping it, then maybe Replace).
    /// </summary>
    public DhtContact? Add(DhtContact contact)
    {
        if (contact.Id == LocalId) return null;
        lock (_gate)
        {
            var bucket = _buckets[BucketIndex(contact.Id)] ??= [];
            var at = bucket.FindIndex(c => c.Id == contact.Id);
            if (at >= 0)
            {
                bucket.RemoveAt(at);
                bucket.Add(contact);
                return null;
            }
            if (bucket.Count < k)
            {
                bucket.Add(contact);
                _count++;
                return null;
            }
            return bucket[0];
        }
    }

    /// <summary>Removes <paramref name="stale"/> (if still present) and adds <paramref name="fresh"/> in its place.</summary>
    public void Replace(DhtContact stale, DhtContact fresh)
    {
        lock (_gate)
        {
            RemoveLocked(stale.Id);
            var bucket = _buckets[BucketIndex(fresh.Id)] ??= [];
            if (bucket.Count < k && !bucket.Exists(c => c.Id == fresh.Id))
            {
                bucket.Add(fresh);
                _count++;
            }
        }
    }

    /// <summary>Forgets the node (it failed to answer).</summary>
    public bool Remove(NodeId id)
    {
        lock (_gate) return RemoveLocked(id);
    }

    public bool Contains(NodeId id)
    {
        lock (_gate) return _buckets[BucketIndex(id)]?.Exists(c => c.Id == id) ?? false;
    }

    /// <summary>Up to <paramref name="count"/> nodes closest to <paramref name="target"/>, closest first.</summary>
    public List<DhtContact> Closest(NodeId target, int count)
    {
        List<DhtContact> all;
        lock (_gate) all = [.. _buckets.Where(b => b is not null).SelectMany(b => b!)];
        all.Sort((a, b) => a.Id.Xor(target).CompareTo(b.Id.Xor(target)));
        if (all.Count > count) all.RemoveRange(count, all.Count - count);
        return all;
    }

    /// <summary>The least recently seen node of every bucket (for liveness checks).</summary>
    public List<DhtContact> Oldest(int count)
    {
        lock (_gate) return [.. _buckets.Where(b => b is { Count: > 0 }).Select(b => b![0]).Take(count)];
    }

    private bool RemoveLocked(NodeId id)
    {
        var bucket = _buckets[BucketIndex(id)];
        if (bucket is null) return false;
        var at = bucket.FindIndex(c => c.Id == id);
        if (at < 0) return false;
        bucket.RemoveAt(at);
        _count--;
        return true;
    }

    private int BucketIndex(NodeId id) => Math.Min(id.Xor(LocalId).LeadingZeroCount(), _buckets.Length - 1);
}

using System.Net;

namespace Kappa.Swarm.Dht;

/// <summary>
/// The announcements a full node stores for others (@hyperswarm/dht 4's record-cache: 12-minute
/// records, 65536 in all). Memory is bounded twice: per topic (a flood under one topic evicts
/// that topic's oldest records, not other topics') and in total (the oldest record anywhere
/// goes). Re-announcing refreshes a record. Thread-safe.
/// </summary>
internal sealed class PeerRecordStore(TimeProvider time, int maxTotal = PeerRecordStore.DefaultMaxTotal, int maxPerTopic = PeerRecordStore.DefaultMaxPerTopic)
{
    public const int DefaultMaxTotal = 65536;
    public const int DefaultMaxPerTopic = 4096;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(12);

    private readonly Lock _gate = new();
    private readonly Dictionary<NodeId, Topic> _topics = [];
    private readonly LinkedList<Entry> _all = new(); // oldest first

    public int Count
    {
        get { lock (_gate) return _all.Count; }
    }

    public int TopicCount
    {
        get { lock (_gate) return _topics.Count; }
    }

    public void Add(NodeId topic, IPEndPoint peer)
    {
        var key = Key(peer);
        lock (_gate)
        {
            Expire();
            if (!_topics.TryGetValue(topic, out var records)) _topics[topic] = records = new Topic();
            if (records.ByPeer.TryGetValue(key, out var existing)) Unlink(topic, records, existing);
            else if (records.ByPeer.Count >= maxPerTopic) Unlink(topic, records, records.Order.First!.Value);
            if (_all.Count >= maxTotal)
            {
                var oldest = _all.First!.Value;
                Unlink(oldest.Topic, _topics[oldest.Topic], oldest);
            }
            _topics[topic] = records; // an eviction above may have emptied and dropped it
            var entry = new Entry(topic, key, time.GetUtcNow() + MaxAge);
            entry.InAll = _all.AddLast(entry);
            entry.InTopic = records.Order.AddLast(entry);
            records.ByPeer[key] = entry;
        }
    }

    public void Remove(NodeId topic, IPEndPoint peer)
    {
        lock (_gate)
        {
            if (_topics.TryGetValue(topic, out var records) && records.ByPeer.TryGetValue(Key(peer), out var entry))
                Unlink(topic, records, entry);
        }
    }

    /// <summary>Up to <paramref name="max"/> live records of <paramref name="topic"/>, newest first, without <paramref name="exclude"/>.</summary>
    public List<IPEndPoint> Get(NodeId topic, int max, IPEndPoint? exclude)
    {
        var result = new List<IPEndPoint>();
        var skip = exclude is null ? ulong.MaxValue : Key(exclude);
        lock (_gate)
        {
            Expire();
            if (!_topics.TryGetValue(topic, out var records)) return result;
            for (var n = records.Order.Last; n is not null && result.Count < max; n = n.Previous)
                if (n.Value.Peer != skip) result.Add(FromKey(n.Value.Peer));
        }
        return result;
    }

    private void Expire()
    {
        var now = time.GetUtcNow();
        while (_all.First is { } first && first.Value.Expires <= now)
            Unlink(first.Value.Topic, _topics[first.Value.Topic], first.Value);
    }

    private void Unlink(NodeId topic, Topic records, Entry entry)
    {
        _all.Remove(entry.InAll!);
        records.Order.Remove(entry.InTopic!);
        records.ByPeer.Remove(entry.Peer);
        if (records.ByPeer.Count == 0) _topics.Remove(topic);
    }

    private static ulong Key(IPEndPoint peer)
    {
        var address = peer.Address.IsIPv4MappedToIPv6 ? peer.Address.MapToIPv4() : peer.Address;
        Span<byte> ip = stackalloc byte[4];
        if (!address.TryWriteBytes(ip, out var written) || written != 4) throw new DhtException("KAPPA_DHT_ARGUMENT", "Only IPv4 peers are stored.");
        return ((ulong)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ip) << 16) | (ushort)peer.Port;
    }

    private static IPEndPoint FromKey(ulong key)
    {
        Span<byte> ip = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ip, (uint)(key >> 16));
        return new IPEndPoint(new IPAddress(ip), (int)(key & 0xFFFF));
    }

    private sealed class Topic
    {
        public Dictionary<ulong, Entry> ByPeer { get; } = [];
        public LinkedList<Entry> Order { get; } = new();
    }

    private sealed class Entry(NodeId topic, ulong peer, DateTimeOffset expires)
    {
        public NodeId Topic { get; } = topic;
        public ulong Peer { get; } = peer;
        public DateTimeOffset Expires { get; } = expires;
        public LinkedListNode<Entry>? InAll { get; set; }
        public LinkedListNode<Entry>? InTopic { get; set; }
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Kappa.Swarm.Dht;

/// <summary>
/// The compact address records of ipv4-peers 2 (dht-rpc 4, @hyperswarm/dht 4):
/// <code>
/// peer  6 bytes   IPv4 (4) + port (2, big-endian)
/// node 38 bytes   id (32) + IPv4 (4) + port (2, big-endian)
/// </code>
/// </summary>
internal static class PeerRecords
{
    public const int PeerLength = 6;
    public const int NodeLength = NodeId.Length + PeerLength;

    public static byte[] EncodePeer(IPEndPoint endPoint)
    {
        var bytes = new byte[PeerLength];
        WritePeer(bytes, endPoint);
        return bytes;
    }

    public static void WritePeer(Span<byte> destination, IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(destination[..4], out _))
            throw new DhtException("KAPPA_DHT_ARGUMENT", $"The hyperswarm 2 DHT carries IPv4 addresses only, not {endPoint}.");
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)endPoint.Port);
    }

    public static IPEndPoint ReadPeer(ReadOnlySpan<byte> record) =>
        new(new IPAddress(record[..4]), BinaryPrimitives.ReadUInt16BigEndian(record[4..]));

    /// <summary>
    /// Every 6-byte record, or null when the length is not a multiple of 6 or a record has port 0
    /// or host 0.0.0.0 — @hyperswarm/dht's peers.js drops the whole list then.
    /// </summary>
    public static List<IPEndPoint>? DecodePeers(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % PeerLength != 0) return null;
        var peers = new List<IPEndPoint>(bytes.Length / PeerLength);
        for (var i = 0; i < bytes.Length; i += PeerLength)
        {
            var record = bytes.Slice(i, PeerLength);
            if (BinaryPrimitives.ReadUInt16BigEndian(record[4..]) == 0 || BinaryPrimitives.ReadUInt32BigEndian(record) == 0) return null;
            peers.Add(ReadPeer(record));
        }
        return peers;
    }

    /// <summary>The 38-byte node records (a trailing partial record is ignored, as ipv4-peers does).</summary>
    public static List<DhtContact> DecodeNodes(ReadOnlySpan<byte> bytes)
    {
        var nodes = new List<DhtContact>(bytes.Length / NodeLength);
        for (var i = 0; i + NodeLength <= bytes.Length; i += NodeLength)
        {
            var record = bytes.Slice(i, NodeLength);
            var endPoint = ReadPeer(record[NodeId.Length..]);
            if (endPoint.Port == 0) continue;
            nodes.Add(new DhtContact(NodeId.FromBytes(record[..NodeId.Length]), endPoint));
        }
        return nodes;
    }

    public static byte[] EncodeNodes(IReadOnlyList<DhtContact> nodes)
    {
        var bytes = new byte[nodes.Count * NodeLength];
        for (var i = 0; i < nodes.Count; i++)
        {
            var record = bytes.AsSpan(i * NodeLength, NodeLength);
            nodes[i].Id.WriteTo(record);
            WritePeer(record[NodeId.Length..], nodes[i].EndPoint);
        }
        return bytes;
    }
}

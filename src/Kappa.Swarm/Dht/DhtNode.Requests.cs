using System.Net;
using Google.Protobuf;

namespace Kappa.Swarm.Dht;

public sealed partial class DhtNode
{
    private const int MaxPeersPerAnswer = 128; // @hyperswarm/dht 4 index.js _onpeers

    // Answers as dht-rpc 4 index.js onrequest does: unknown or malformed requests get silence,
    // an unknown command gets an error answer, an update without our token is ignored.
    private void OnRequest(DhtMessage request, IPEndPoint from)
    {
        AddNode(request, from);
        if (request.Type == DhtMessageType.Update && (request.RoundtripToken is not { } token || !_tokens.IsValid(from.Address, token))) return;
        switch (request.Command)
        {
            case "_ping":
                if (request.Value is { } expected && !expected.AsSpan().SequenceEqual(Id.ToArray())) return;
                Respond(request, from, PeerRecords.EncodePeer(from), closerNodes: null);
                return;
            case "_holepunch":
                OnHolepunch(request, from);
                return;
            case "_find_node":
                if (request.Target is not { Length: NodeId.Length } findTarget) return;
                Respond(request, from, null, CloserNodes(NodeId.FromBytes(findTarget)));
                return;
        }
        if (request.Target is not { Length: NodeId.Length } targetBytes) return;
        var target = NodeId.FromBytes(targetBytes);
        if (request.Command == "peers") OnPeers(request, from, target);
        else RespondError(request, from, "Unsupported command", CloserNodes(target));
    }

    private void OnPeers(DhtMessage request, IPEndPoint from, NodeId topic)
    {
        if (DhtPayloads.ReadPeersInput(request.Value) is not { } input) return;
        var port = input.Port != 0 ? input.Port : (uint)from.Port;
        if (port is 0 or > 65535)
        {
            RespondError(request, from, "Invalid port", CloserNodes(topic));
            return;
        }
        var record = new IPEndPoint(from.Address, (int)port);
        if (request.Type == DhtMessageType.Query)
        {
            var peers = Records.Get(topic, MaxPeersPerAnswer, exclude: record);
            var output = new PeersOutput();
            if (peers.Count > 0)
            {
                var bytes = new byte[peers.Count * PeerRecords.PeerLength];
                for (var i = 0; i < peers.Count; i++) PeerRecords.WritePeer(bytes.AsSpan(i * PeerRecords.PeerLength), peers[i]);
                output.Peers = UnsafeByteOperations.UnsafeWrap(bytes);
            }
            Respond(request, from, output.ToByteArray(), CloserNodes(topic));
            return;
        }
        if (input.Unannounce) Records.Remove(topic, record);
        else Records.Add(topic, record);
        Respond(request, from, null, CloserNodes(topic));
    }

    // dht-rpc 4 index.js _onholepunch: with `to`, relay the request to that peer saying who it is
    // from; with `from` (we are the relayed-to peer), answer that peer directly, which opens our
    // NAT towards it; with neither, answer the sender.
    private void OnHolepunch(DhtMessage request, IPEndPoint from)
    {
        Holepunch value;
        try
        {
            value = Holepunch.Parser.ParseFrom(request.Value ?? []);
        }
        catch (InvalidProtocolBufferException)
        {
            return;
        }
        if (value.HasTo)
        {
            if (value.To.Length != PeerRecords.PeerLength) return;
            var to = PeerRecords.ReadPeer(value.To.Span);
            if (to.Equals(from) || to.Port == 0) return;
            Rpc.Send(DhtMessageCodec.Encode(request with
            {
                Version = DhtMessage.CurrentVersion,
                Id = Ephemeral ? null : Id.ToArray(),
                To = PeerRecords.EncodePeer(to),
                Value = new Holepunch { From = UnsafeByteOperations.UnsafeWrap(PeerRecords.EncodePeer(from)) }.ToByteArray(),
            }), to);
            return;
        }
        var answerTo = value.HasFrom && value.From.Length == PeerRecords.PeerLength ? PeerRecords.ReadPeer(value.From.Span) : from;
        if (answerTo.Port == 0) return;
        Respond(request, answerTo, null, null);
    }

    private byte[] CloserNodes(NodeId target) => PeerRecords.EncodeNodes(Table.Closest(target, RoutingTable.DefaultK));

    private void Respond(DhtMessage request, IPEndPoint to, byte[]? value, byte[]? closerNodes) =>
        Rpc.Send(DhtMessageCodec.Encode(new DhtMessage
        {
            Version = DhtMessage.CurrentVersion,
            Type = DhtMessageType.Response,
            Rid = request.Rid,
            To = PeerRecords.EncodePeer(to),
            Id = Ephemeral ? null : Id.ToArray(),
            CloserNodes = closerNodes,
            RoundtripToken = _tokens.Create(to.Address),
            Value = value,
        }), to);

    private void RespondError(DhtMessage request, IPEndPoint to, string error, byte[]? closerNodes) =>
        Rpc.Send(DhtMessageCodec.Encode(new DhtMessage
        {
            Version = DhtMessage.CurrentVersion,
            Type = DhtMessageType.Response,
            Rid = request.Rid,
            To = PeerRecords.EncodePeer(to),
            Id = Ephemeral ? null : Id.ToArray(),
            CloserNodes = closerNodes,
            Error = error,
        }), to);
}

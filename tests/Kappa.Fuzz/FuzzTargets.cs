using System.Buffers;
using Kappa.Chat.Messages;
using Kappa.Core.Indexing;
using Kappa.Multifeed.Replication;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Noise;
using Kappa.Protocol.Wire;
using Kappa.Swarm.Dht;
using Kappa.Swarm.Mdns;

namespace Kappa.Fuzz;

/// <summary>
/// Every parser that reads bytes from a peer or from disk, as a function of raw input. The contract
/// under fuzzing: return, or throw a typed KappaException — never anything else, never hang, never
/// allocate more than the input justifies.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Target names (the corpus folders).</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["frames"] = Frames,
        ["messages"] = Messages,
        ["noise"] = Noise,
        ["bitfield"] = Bitfield,
        ["multifeed"] = Multifeed,
        ["state"] = State,
        ["dht"] = Dht,
        ["mdns"] = Mdns,
        ["cabal"] = Cabal,
        ["http-body"] = ApiTargets.HttpBody,
        ["keys"] = ApiTargets.Keys,
        ["view-maps"] = ApiTargets.ViewMaps,
        ["peer-id"] = PeerId,
    };

    /// <summary>The frame reader over a byte stream (then each frame's body through its decoder).</summary>
    public static void Frames(byte[] data)
    {
        var buffer = new ReadOnlySequence<byte>(data);
        while (FrameReader.TryRead(ref buffer, out var frame))
        {
            if (frame.Type == MessageType.Extension) ExtensionMessage.Parse(frame.Body);
            else MessageCodec.Decode(frame.Type, frame.Body);
        }
    }

    /// <summary>A cabal entry as a peer may write it: the envelope reader, the message reader the views use, and cabal-core's codec ({} when unparsable).</summary>
    public static void Cabal(byte[] data)
    {
        CabalEnvelope.ToMessage(default, 0, data);
        CabalJsonEncoding.Instance.Decode<System.Text.Json.JsonElement>(data);
    }

    /// <summary>First byte picks the message type; the rest is the body.</summary>
    public static void Messages(byte[] data)
    {
        if (data.Length == 0) return;
        var type = (MessageType)(data[0] % 16);
        var body = new ReadOnlySequence<byte>(data, 1, data.Length - 1);
        if (type == MessageType.Extension) ExtensionMessage.Parse(body);
        else if ((int)type <= 10) MessageCodec.Decode(type, body);
    }

    /// <summary>A responder reading handshake message 1, and an initiator reading message 2.</summary>
    public static void Noise(byte[] data)
    {
        var payload = new byte[26];
        var responder = new NoiseHandshake(false, payload, NoiseKeyPair.FromSeed(new byte[32]), NoiseKeyPair.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray()));
        Swallow(() => responder.ReadMessage(data));
        var initiator = new NoiseHandshake(true, payload, NoiseKeyPair.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray()), NoiseKeyPair.FromSeed(Enumerable.Repeat((byte)3, 32).ToArray()));
        initiator.WriteMessage();
        initiator.ReadMessage(data);
    }

    /// <summary>Bitfield RLE decode with a 1 MiB limit.</summary>
    public static void Bitfield(byte[] data) => BitfieldRle.Decode(data, 1 << 20);

    /// <summary>The four multifeed extension payloads.</summary>
    public static void Multifeed(byte[] data)
    {
        var json = MultifeedMessages.Parse("fuzz", new ReadOnlySequence<byte>(data));
        Swallow(() => MultifeedMessages.CheckHandshake(json));
        MultifeedMessages.Keys(json, "fuzz");
    }

    /// <summary>Stored view state: multifeed-index layout and our range extension.</summary>
    public static void State(byte[] data)
    {
        Swallow(() => IndexState.Decode(data));
        IndexProgress.Decode(data, out _);
    }

    /// <summary>A multicast DNS packet as a hyperswarm responder reads it, then re-encoded (what it answers with).</summary>
    public static void Mdns(byte[] data)
    {
        var packet = DnsPacketReader.Decode(data);
        foreach (var r in packet.Answers)
            if (r.Srv is { } srv) _ = HyperswarmMdns.HostOf(srv, System.Net.IPAddress.Loopback);
        foreach (var q in packet.Questions) _ = HyperswarmMdns.IdOf(packet.Answers, q.Name);
        try { DnsPacketWriter.Encode(packet); }
        catch (ArgumentException) { } // a decoded name or TXT string our encoder refuses to write: we never send those
    }

    /// <summary>A peer's Cabal <c>peer-id</c> payload: an id or nothing, never an exception (cabal-core ignores bad ones too).</summary>
    public static void PeerId(byte[] data)
    {
        if (Kappa.Swarm.PeerIdExtension.TryDecode(data, out var id) && !Kappa.Swarm.PeerIdExtension.IsId(id))
            throw new InvalidOperationException("decoded an id that is not 64 hex characters: " + id);
    }

    /// <summary>A DHT datagram (dht-rpc 4 Message) and what a node reads inside it: peers values, node records, addresses.</summary>
    public static void Dht(byte[] data)
    {
        var message = DhtMessageCodec.Decode(data);
        DhtPayloads.ReadPeersInput(message.Value);
        DhtPayloads.ReadPeers(message.Value);
        if (message.CloserNodes is { } closer) PeerRecords.DecodeNodes(closer);
        if (message.To is { Length: PeerRecords.PeerLength } to) PeerRecords.ReadPeer(to);
        _ = message.ValidId;
    }

    private static void Swallow(Action action)
    {
        try { action(); }
        catch (Kappa.Hypercore.KappaException) { }
    }
}

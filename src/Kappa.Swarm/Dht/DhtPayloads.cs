using System.Net;
using Google.Protobuf;

namespace Kappa.Swarm.Dht;

/// <summary>Reads the <c>peers</c> command's values (dht.proto) from untrusted bytes without throwing.</summary>
internal static class DhtPayloads
{
    /// <summary>A PeersInput, or null when the bytes are not one (dht-rpc then sends no answer).</summary>
    public static PeersInput? ReadPeersInput(byte[]? value)
    {
        try
        {
            return PeersInput.Parser.ParseFrom(value ?? []);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The peers of a PeersOutput, or null when there are none or they are malformed.</summary>
    public static List<IPEndPoint>? ReadPeers(byte[]? value)
    {
        if (value is null) return null;
        try
        {
            var output = PeersOutput.Parser.ParseFrom(value);
            return output.HasPeers ? PeerRecords.DecodePeers(output.Peers.Span) : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}

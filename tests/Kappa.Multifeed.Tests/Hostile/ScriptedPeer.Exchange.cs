using Kappa.Hypercore;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Multifeed.Tests.Hostile;

internal static class ScriptedPeerExchange
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Opens the root, waits for the remote's handshake and sends ours.</summary>
    public static async Task HandshakeAsync(this ScriptedPeer peer)
    {
        peer.OpenRoot();
        await peer.FlushAsync();
        await peer.ReadUntilAsync((_, _, m) => m is string s && s.StartsWith("0:", StringComparison.Ordinal), Timeout);
        peer.SendExtension(0, "{\"client\":\"MULTIFEED\",\"version\":\"4.0.0\"}");
        await peer.FlushAsync();
    }

    /// <summary>
    /// Offers <paramref name="feed"/> through the multifeed exchange and announces its blocks; returns the first request.
    /// With <paramref name="askAcks"/>, the feed's Options first asks for acknowledgements, naming those extensions.
    /// </summary>
    public static async Task<(ulong Channel, ulong Index, ulong Nodes)> OfferFeedAsync(this ScriptedPeer peer, Feed feed, string[]? askAcks = null)
    {
        await peer.HandshakeAsync();
        peer.SendExtension(1, "{\"keys\":[\"" + feed.Key + "\"]}");
        await peer.FlushAsync();
        await peer.ReadUntilAsync((_, _, m) => m is string s && s.StartsWith("3:", StringComparison.Ordinal) && s.Contains(feed.Key.ToString(), StringComparison.Ordinal), Timeout);
        peer.SendExtension(2, "[\"" + feed.Key + "\"]");
        var channel = peer.Open(feed.Key.Span);
        await peer.FlushAsync();
        await peer.ReadUntilAsync((_, t, _) => t == MessageType.Want, Timeout);
        // Sent once the remote has opened the channel too (its Want says so): earlier, it would be ignored.
        if (askAcks is not null) peer.Send(channel, MessageType.Options, WireMessages.Options(askAcks, ack: true));
        var bits = new byte[(feed.Length + 7) / 8];
        feed.CopyDataBitfield(0, bits);
        peer.Send(channel, MessageType.Have, WireMessages.Have(0, 1048576, BitfieldRle.Encode(bits)));
        await peer.FlushAsync();
        var request = await peer.ReadUntilAsync((_, t, _) => t == MessageType.Request, Timeout);
        var r = (Request)request.Message;
        return (channel, r.Index, r.Nodes);
    }
}

using System.Buffers;

namespace Kappa.Protocol.Replication;

/// <summary>What the layer above (multifeed) hears from a session. Called with the session lock held; must not block.</summary>
internal interface ISessionHandler
{
    /// <summary>The remote opened a channel for a discovery key we have not opened (yet).</summary>
    void OnRemoteOpen(byte[] discoveryKey);

    /// <summary>A stream-level extension message arrived (name resolved through the remote's Options).</summary>
    void OnExtension(string name, ReadOnlySequence<byte> payload);

    /// <summary>The remote closed one of the channels we opened (we have answered with our own Close).</summary>
    void OnChannelClosed(SessionChannel channel);

    /// <summary>The remote ended its output.</summary>
    void OnRemoteEnded();

    /// <summary>A feed channel went in or out of sync with the peer (see <c>FeedChannel.InSync</c>).</summary>
    void OnChannelSync(FeedChannel channel, bool inSync);
}

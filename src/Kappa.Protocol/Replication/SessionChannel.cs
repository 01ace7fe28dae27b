using Kappa.Hypercore.Crypto;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

/// <summary>
/// A channel this side opened on a session for one key (hypercore-protocol 7 channel,
/// replication-protocol.md §6): our id, the remote's id once it opened the same key, and who
/// has closed. Subclasses replicate a feed; the base alone is multifeed's root channel.
/// </summary>
internal class SessionChannel(ProtocolSession session, ReadOnlyMemory<byte> key)
{
    public ProtocolSession Session { get; } = session;

    /// <summary>The key whose knowledge the capability proves (a feed key, or the shared exchange key).</summary>
    public ReadOnlyMemory<byte> Key { get; } = key;

    public byte[] DiscoveryKey { get; } = Discovery.DiscoveryKey(key.Span);

    /// <summary>Our channel id (assigned when opened; never reused).</summary>
    public ulong LocalId { get; internal set; }

    public bool RemoteOpened { get; private set; }
    public bool LocallyClosed { get; private set; }
    public bool RemotelyClosed { get; private set; }
    public bool Finished => LocallyClosed && RemotelyClosed;
    internal DateTimeOffset OpenedAt { get; set; }

    internal void MarkRemoteOpened()
    {
        RemoteOpened = true;
        OnRemoteOpened();
    }

    /// <summary>Sends Close on our id (once).</summary>
    public void Close()
    {
        if (LocallyClosed) return;
        LocallyClosed = true;
        OnClosing();
        Session.Send(LocalId, MessageType.Close, WireMessages.Close());
    }

    internal void MarkRemoteClosed()
    {
        if (RemotelyClosed) return;
        RemotelyClosed = true;
        OnRemoteClosed();
        Close(); // hypercore answers a remote Close with its own
    }

    protected virtual void OnRemoteOpened() { }

    protected virtual void OnRemoteClosed() { }

    protected virtual void OnClosing() { }

    /// <summary>The session ended (cleanly or not): give back shared resources even if Close was never sent.</summary>
    internal virtual void OnSessionEnded() { }

    /// <summary>A message for this channel (not Open or Close).</summary>
    internal virtual void Handle(MessageType type, in System.Buffers.ReadOnlySequence<byte> body) { }

    /// <summary>Periodic check (about once a second); throws to fail the session.</summary>
    internal virtual void Tick(DateTimeOffset now) { }
}

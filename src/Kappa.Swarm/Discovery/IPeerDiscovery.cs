namespace Kappa.Swarm.Discovery;

/// <summary>
/// One way of finding peers for 32-byte topics: multicast DNS on the LAN, or the hyperswarm 2
/// DHT. The swarm joins each topic on every discovery it runs and dials what they report.
/// </summary>
/// <remarks>Implementations are thread-safe; <see cref="PeerFound"/> may be raised on any thread
/// and must not block (the swarm queues the dial).</remarks>
public interface IPeerDiscovery : IAsyncDisposable
{
    /// <summary>Raised for every peer address found for a joined topic (duplicates allowed).</summary>
    event EventHandler<DiscoveredPeer>? PeerFound;

    /// <summary>
    /// Starts announcing <paramref name="port"/> under <paramref name="topic"/> (when
    /// <paramref name="announce"/>) and looking it up (when <paramref name="lookup"/>), repeating
    /// both on the schedule hyperswarm 2 uses, until the returned handle is disposed (which also
    /// unannounces, where the medium has a way to).
    /// </summary>
    ValueTask<IAsyncDisposable> JoinAsync(ReadOnlyMemory<byte> topic, int port, bool announce, bool lookup, CancellationToken ct = default);
}

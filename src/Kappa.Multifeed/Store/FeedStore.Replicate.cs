using System.Net.Sockets;
using Kappa.Multifeed.Replication;

namespace Kappa.Multifeed.Store;

public sealed partial class FeedStore
{
    /// <summary>
    /// Starts replicating every feed with the peer at the other end of <paramref name="socket"/>
    /// (exactly one side is the initiator). Feeds learned from the peer are created here as
    /// multifeed names them. See <see cref="ReplicationSession"/>.
    /// </summary>
    public Task<ReplicationSession> StartReplicationAsync(Socket socket, bool isInitiator, ReplicationOptions? options = null, CancellationToken ct = default)
    {
        ThrowIfClosed();
        return ReplicationSession.StartAsync(this, StreamPipeTransport.For(socket), isInitiator, options, ct);
    }

    /// <summary>Starts replicating over any duplex stream (a <c>NetworkStream</c> gets TCP half-close).</summary>
    public Task<ReplicationSession> StartReplicationAsync(Stream stream, bool isInitiator, ReplicationOptions? options = null, CancellationToken ct = default)
    {
        ThrowIfClosed();
        return ReplicationSession.StartAsync(this, StreamPipeTransport.For(stream), isInitiator, options, ct);
    }

    /// <summary>
    /// Starts replicating over a duplex pipe (in-process links, custom transports): completing the
    /// pipe's output is how our side ends the stream, as a TCP half-close would.
    /// </summary>
    public Task<ReplicationSession> StartReplicationAsync(System.IO.Pipelines.IDuplexPipe pipe, bool isInitiator, ReplicationOptions? options = null, CancellationToken ct = default)
    {
        ThrowIfClosed();
        return ReplicationSession.StartAsync(this, new CallerPipeTransport(pipe), isInitiator, options, ct);
    }

    /// <summary>Replicates with the peer until the session ends (non-live: once both sides hold what the other offered).</summary>
    /// <exception cref="ReplicationException">The session ended incomplete, or the peer is incompatible.</exception>
    public async Task<ReplicationResult> ReplicateAsync(Socket socket, bool isInitiator, ReplicationOptions? options = null, CancellationToken ct = default)
    {
        var session = await StartReplicationAsync(socket, isInitiator, options, ct).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        using (ct.Register(() => _ = session.DisposeAsync().AsTask()))
            return await session.Completion.ConfigureAwait(false);
    }
}

using System.Net.Sockets;
using Kappa.Multifeed.Replication;

namespace Kappa.Core;

public sealed partial class KappaCore
{
    /// <summary>
    /// Replicates every feed with the peer at the other end of <paramref name="socket"/> (exactly one
    /// side is the initiator); blocks received are verified, stored and then indexed by every view.
    /// See <see cref="Kappa.Multifeed.Store.FeedStore.StartReplicationAsync(Socket, bool, ReplicationOptions?, CancellationToken)"/>.
    /// </summary>
    public Task<ReplicationSession> StartReplicationAsync(Socket socket, bool isInitiator, ReplicationOptions? options = null, CancellationToken ct = default) =>
        _store.StartReplicationAsync(socket, isInitiator, options, ct);

    /// <summary>Replicates with the peer until the session ends (non-live: once both sides hold what the other offered).</summary>
    public Task<ReplicationResult> ReplicateAsync(Socket socket, bool isInitiator, ReplicationOptions? options = null, CancellationToken ct = default) =>
        _store.ReplicateAsync(socket, isInitiator, options, ct);

    /// <summary>Where a persistent view named <paramref name="name"/> keeps its database (<c>.kappa/views/NAME</c>; null for RAM stores).</summary>
    /// <exception cref="ArgumentException">The name is not one plain path segment (empty, <c>.</c>, <c>..</c>, or holds a separator or NUL).</exception>
    public string? ViewDirectory(string name)
    {
        // A view name becomes a directory name: refuse anything that could resolve outside .kappa/views.
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "." or ".." || name.AsSpan().IndexOfAny("/\\\0") >= 0)
            throw new ArgumentException($"A view name must be one path segment, not '{name}'.", nameof(name));
        return _store.InternalDirectory is { } d ? Path.Combine(d, "views", name) : null;
    }
}

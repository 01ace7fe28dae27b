using System.Net.Sockets;
using Kappa.Multifeed.Replication;
using Kappa.Swarm;

namespace Kappa.Chat;

public sealed partial class Cabal
{
    /// <summary>
    /// Replication options for this cabal: the cabal key as exchange key; live as cabal-core
    /// replicates; our <c>peer-id</c> (<see cref="LocalKey"/>) sent when the stream opens, as
    /// cabal-core's swarm does on every connection (the peer's id is not read with these options:
    /// <see cref="StartReplicationAsync"/> and <see cref="JoinSwarmAsync"/> read it into <see cref="Peers"/>).
    /// </summary>
    public ReplicationOptions ReplicationOptions(bool live = true) => new()
    {
        EncryptionKey = Key.ToArray(),
        Live = live,
        Extensions = [new ReplicationExtension(PeerIdExtension.Name) { OpenPayload = PeerIdExtension.Encode(LocalKey) }],
    };

    /// <summary>
    /// Starts replicating with a cabal peer (cabal-core or Kappa.NET) on <paramref name="socket"/>;
    /// live by default, as cabal-core. Both sides send their <c>peer-id</c>: the peer's key is in
    /// <see cref="Peers"/> while the session runs.
    /// </summary>
    public async Task<ReplicationSession> StartReplicationAsync(Socket socket, bool isInitiator, bool live = true, CancellationToken ct = default)
    {
        var token = new object();
        var options = ReplicationOptions(live) with { Extensions = [PeerIdExtension.Create(LocalKey, id => DirectPeer(token, id))] };
        var session = await Core.StartReplicationAsync(socket, isInitiator, options, ct).ConfigureAwait(false);
        _ = session.Completion.ContinueWith(_ => DirectPeer(token, null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return session;
    }
}

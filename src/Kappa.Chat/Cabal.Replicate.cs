using System.Net.Sockets;
using Kappa.Multifeed.Replication;

namespace Kappa.Chat;

public sealed partial class Cabal
{
    /// <summary>Replication options for this cabal: the cabal key as exchange key; live as cabal-core replicates.</summary>
    public ReplicationOptions ReplicationOptions(bool live = true) => new() { EncryptionKey = Key.ToArray(), Live = live };

    /// <summary>Starts replicating with a cabal peer (cabal-core or Kappa.NET) on <paramref name="socket"/>; live by default, as cabal-core.</summary>
    public Task<ReplicationSession> StartReplicationAsync(Socket socket, bool isInitiator, bool live = true, CancellationToken ct = default) =>
        Core.StartReplicationAsync(socket, isInitiator, ReplicationOptions(live), ct);
}

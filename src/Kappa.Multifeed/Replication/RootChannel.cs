using Kappa.Protocol.Replication;

namespace Kappa.Multifeed.Replication;

/// <summary>multifeed's root channel: only proves both peers know the exchange key; no blocks move on it.</summary>
internal sealed class RootChannel(ProtocolSession session, byte[] key, MultifeedSession owner) : SessionChannel(session, key)
{
    protected override void OnRemoteOpened() => owner.OnRootOpened();
}

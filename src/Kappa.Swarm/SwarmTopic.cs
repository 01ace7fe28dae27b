using Kappa.Multifeed.Replication;

namespace Kappa.Swarm;

/// <summary>The topic a store is found under (discovery.md): <c>discoveryKey(exchange key)</c>, all 32 bytes.</summary>
public static class SwarmTopic
{
    /// <summary>
    /// The topic for an exchange key (null = multifeed's public default, whose topic is
    /// <c>c00174c7…d472</c>).
    /// </summary>
    public static byte[] ForExchangeKey(ReadOnlySpan<byte> exchangeKey) =>
        Kappa.Hypercore.Crypto.Discovery.DiscoveryKey(exchangeKey.IsEmpty ? Convert.FromHexString(ReplicationOptions.DefaultEncryptionKey) : exchangeKey);
}

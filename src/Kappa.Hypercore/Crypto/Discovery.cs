namespace Kappa.Hypercore.Crypto;

/// <summary>Discovery keys (hypercore-crypto 1.0, hypercore-crypto.md §2).</summary>
public static class Discovery
{
    private static ReadOnlySpan<byte> HypercoreLabel => "hypercore"u8;

    /// <summary>
    /// <c>BLAKE2b-256(message = "hypercore", key = feed key)</c>: names a feed on the wire
    /// without revealing its key.
    /// </summary>
    public static byte[] DiscoveryKey(ReadOnlySpan<byte> feedKey)
    {
        var dk = new byte[32];
        Sodium.GenericHash(dk, HypercoreLabel, feedKey);
        return dk;
    }
}

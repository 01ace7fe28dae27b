namespace Kappa.Hypercore.Crypto;

/// <summary>An Ed25519 signing key pair (libsodium layout: the secret key is seed ‖ public key).</summary>
public sealed class KeyPair
{
    private KeyPair(byte[] publicKey, byte[] secretKey)
    {
        PublicKey = publicKey;
        SecretKey = secretKey;
    }

    /// <summary>32-byte public key: the feed key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>64-byte secret key (seed ‖ public key).</summary>
    public byte[] SecretKey { get; }

    /// <summary>A fresh random key pair.</summary>
    public static KeyPair Generate()
    {
        var pk = new byte[32];
        var sk = new byte[64];
        Sodium.SignKeyPair(pk, sk);
        return new KeyPair(pk, sk);
    }

    /// <summary>The key pair derived from a 32-byte seed (deterministic).</summary>
    public static KeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new ArgumentException("A key seed is 32 bytes.", nameof(seed));
        var pk = new byte[32];
        var sk = new byte[64];
        Sodium.SignSeedKeyPair(seed, pk, sk);
        return new KeyPair(pk, sk);
    }

    /// <summary>Rebuilds a pair from a stored 64-byte secret key (its last 32 bytes are the public key).</summary>
    public static KeyPair FromSecretKey(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != 64) throw new ArgumentException("An Ed25519 secret key is 64 bytes.", nameof(secretKey));
        return new KeyPair(secretKey[32..].ToArray(), secretKey.ToArray());
    }
}

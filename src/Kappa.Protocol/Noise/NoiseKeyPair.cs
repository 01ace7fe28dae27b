using System.Security.Cryptography;
using Kappa.Hypercore.Crypto;

namespace Kappa.Protocol.Noise;

/// <summary>
/// An X25519 key pair as noise-protocol 1.0.0 makes them (libsodium <c>crypto_kx</c>):
/// random, or from a 32-byte seed with <c>sk = BLAKE2b-256(seed)</c>, <c>pk = X25519_base(sk)</c>.
/// </summary>
internal sealed class NoiseKeyPair : IDisposable
{
    /// <summary>Length of public keys, secret keys and seeds.</summary>
    public const int KeyLength = 32;

    private readonly byte[] _secretKey;

    /// <summary>Wraps existing keys (e.g. the secrets recorded in the golden transcripts).</summary>
    public NoiseKeyPair(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        if (publicKey.Length != KeyLength || secretKey.Length != KeyLength)
            throw new ArgumentException("Noise keys are 32 bytes.");
        PublicKey = publicKey.ToArray();
        _secretKey = secretKey.ToArray();
    }

    private NoiseKeyPair(byte[] publicKey, byte[] secretKey)
    {
        PublicKey = publicKey;
        _secretKey = secretKey;
    }

    /// <summary>The public key (sent in the handshake).</summary>
    public byte[] PublicKey { get; }

    /// <summary>The secret key.</summary>
    public ReadOnlySpan<byte> SecretKey => _secretKey;

    /// <summary>A fresh random key pair (<c>crypto_kx_keypair</c>).</summary>
    public static NoiseKeyPair Generate()
    {
        var pk = new byte[KeyLength];
        var sk = new byte[KeyLength];
        Sodium.KxKeyPair(pk, sk);
        return new NoiseKeyPair(pk, sk);
    }

    /// <summary>A deterministic key pair (<c>crypto_kx_seed_keypair</c>).</summary>
    public static NoiseKeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        var pk = new byte[KeyLength];
        var sk = new byte[KeyLength];
        Sodium.KxSeedKeyPair(seed, pk, sk);
        return new NoiseKeyPair(pk, sk);
    }

    /// <summary>Wipes the secret key.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_secretKey);
}

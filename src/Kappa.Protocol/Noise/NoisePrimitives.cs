using System.Buffers.Binary;
using Kappa.Hypercore.Crypto;

namespace Kappa.Protocol.Noise;

/// <summary>
/// The crypto functions of <c>Noise_XX_25519_XChaChaPoly_BLAKE2b</c> as noise-protocol 1.0.0
/// implements them (replication-protocol.md §2). Two differ from the Noise specification:
/// DH is libsodium <c>crypto_kx</c> session-key derivation (64 bytes, not raw X25519), and the
/// XChaCha20 nonce is 16 zero bytes ‖ the 64-bit counter little-endian.
/// </summary>
internal static class NoisePrimitives
{
    public const int HashLength = 64;
    public const int BlockLength = 128;
    public const int DhLength = 64;
    public const int KeyLength = 32;
    public const int TagLength = Sodium.XChaChaTagBytes;

    /// <summary>HASH(a ‖ b) = BLAKE2b-512.</summary>
    public static void Hash(Span<byte> output, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        Sodium.GenericHashParts(output[..HashLength], a, b);

    /// <summary>HMAC-BLAKE2b-512(key, a ‖ b) (hmac-blake2b 0.2.0); keys are at most 64 bytes here.</summary>
    public static void Hmac(Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default)
    {
        if (key.Length > BlockLength) throw new ArgumentException("HMAC keys longer than a block are not used by Noise.", nameof(key));
        Span<byte> pad = stackalloc byte[BlockLength];
        Span<byte> inner = stackalloc byte[HashLength];

        pad.Clear();
        key.CopyTo(pad);
        Xor(pad, 0x36);
        Sodium.GenericHashParts(inner, pad, a, b);

        pad.Clear();
        key.CopyTo(pad);
        Xor(pad, 0x5c);
        Sodium.GenericHashParts(output[..HashLength], pad, inner);
        pad.Clear();
    }

    /// <summary>Noise HKDF with two outputs: t = HMAC(ck, ikm); o1 = HMAC(t, 01); o2 = HMAC(t, o1 ‖ 02).</summary>
    public static void Hkdf(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> inputKeyMaterial, Span<byte> output1, Span<byte> output2)
    {
        Span<byte> temp = stackalloc byte[HashLength];
        Hmac(temp, chainingKey, inputKeyMaterial);
        Hmac(output1, temp, [0x01]);
        Hmac(output2, temp, output1[..HashLength], [0x02]);
        temp.Clear();
    }

    /// <summary>
    /// noise-protocol 1.0.0's DH: the crypto_kx session keys of the pair, ordered so both sides
    /// get the same 64 bytes. The handshake initiator acts as crypto_kx client (output tx ‖ rx),
    /// the responder as server (output rx ‖ tx). A low-order remote key fails the handshake.
    /// </summary>
    public static void Dh(Span<byte> output, bool asInitiator, NoiseKeyPair own, ReadOnlySpan<byte> remotePublicKey)
    {
        var first = output[..KeyLength];
        var second = output[KeyLength..DhLength];
        var ok = asInitiator
            ? Sodium.KxClientSessionKeys(rx: second, tx: first, own.PublicKey, own.SecretKey, remotePublicKey)
            : Sodium.KxServerSessionKeys(rx: first, tx: second, own.PublicKey, own.SecretKey, remotePublicKey);
        if (!ok) throw new ProtocolException(ProtocolException.Handshake, "Noise handshake error: unusable remote public key.");
    }

    /// <summary>XChaCha20-Poly1305 with the nonce 16 zero bytes ‖ u64le(n); output is plaintext + 16-byte tag.</summary>
    public static void Encrypt(Span<byte> output, ReadOnlySpan<byte> key, ulong n, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[Sodium.XChaChaNonceBytes];
        Nonce(nonce, n);
        Sodium.XChaChaEncrypt(output[..(plaintext.Length + TagLength)], plaintext, ad, nonce, key);
    }

    /// <summary>Inverse of <see cref="Encrypt"/>; false when the tag does not verify.</summary>
    public static bool Decrypt(Span<byte> output, ReadOnlySpan<byte> key, ulong n, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < TagLength) return false;
        Span<byte> nonce = stackalloc byte[Sodium.XChaChaNonceBytes];
        Nonce(nonce, n);
        return Sodium.XChaChaDecrypt(output[..(ciphertext.Length - TagLength)], ciphertext, ad, nonce, key);
    }

    private static void Nonce(Span<byte> nonce, ulong n)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[16..], n);
    }

    private static void Xor(Span<byte> data, byte value)
    {
        for (var i = 0; i < data.Length; i++) data[i] ^= value;
    }
}

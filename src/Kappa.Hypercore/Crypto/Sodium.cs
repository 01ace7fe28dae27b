using System.Runtime.InteropServices;

namespace Kappa.Hypercore.Crypto;

/// <summary>
/// The one thin P/Invoke class over libsodium (the official <c>libsodium</c> NuGet package).
/// Every primitive of hypercore 8 and hypercore-protocol 7 goes through here: Ed25519, BLAKE2b
/// (plain, keyed and streaming), X25519 / crypto_kx, XChaCha20-Poly1305 and the XSalsa20
/// keystream. Span in, span out; lengths are checked here so callers cannot overrun buffers.
/// </summary>
internal static unsafe partial class Sodium
{
    private const string Lib = "libsodium";

    public const int SignPublicKeyBytes = 32;
    public const int SignSecretKeyBytes = 64;
    public const int SignSeedBytes = 32;
    public const int SignatureBytes = 64;
    public const int KxPublicKeyBytes = 32;
    public const int KxSecretKeyBytes = 32;
    public const int KxSessionKeyBytes = 32;
    public const int XChaChaKeyBytes = 32;
    public const int XChaChaNonceBytes = 24;
    public const int XChaChaTagBytes = 16;
    public const int XSalsa20KeyBytes = 32;
    public const int XSalsa20NonceBytes = 24;
    /// <summary>Size of <c>crypto_generichash_state</c> (libsodium 1.0.18+: 384, must be 64-byte aligned).</summary>
    private const int GenericHashStateBytes = 384;

    static Sodium()
    {
        if (sodium_init() < 0)
            throw new InvalidOperationException("libsodium failed to initialise (sodium_init < 0).");
    }

    /// <summary>Forces the static constructor (and so <c>sodium_init</c>) to run.</summary>
    public static void EnsureInitialized() { }

    // ---- Ed25519 -------------------------------------------------------------------------

    public static void SignKeyPair(Span<byte> publicKey, Span<byte> secretKey)
    {
        Check(publicKey.Length == SignPublicKeyBytes && secretKey.Length == SignSecretKeyBytes);
        fixed (byte* pk = publicKey, sk = secretKey)
            Ok(crypto_sign_keypair(pk, sk));
    }

    public static void SignSeedKeyPair(ReadOnlySpan<byte> seed, Span<byte> publicKey, Span<byte> secretKey)
    {
        Check(seed.Length == SignSeedBytes && publicKey.Length == SignPublicKeyBytes && secretKey.Length == SignSecretKeyBytes);
        fixed (byte* s = seed, pk = publicKey, sk = secretKey)
            Ok(crypto_sign_seed_keypair(pk, sk, s));
    }

    public static void SignDetached(Span<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        Check(signature.Length == SignatureBytes && secretKey.Length == SignSecretKeyBytes);
        fixed (byte* sig = signature, m = message, sk = secretKey)
            Ok(crypto_sign_detached(sig, null, m, (ulong)message.Length, sk));
    }

    public static bool VerifyDetached(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != SignatureBytes || publicKey.Length != SignPublicKeyBytes) return false;
        fixed (byte* sig = signature, m = message, pk = publicKey)
            return crypto_sign_verify_detached(sig, m, (ulong)message.Length, pk) == 0;
    }

    // ---- BLAKE2b -------------------------------------------------------------------------

    /// <summary>BLAKE2b with output length <c>output.Length</c> (16..64) and optional key (libsodium keying, not HMAC).</summary>
    public static void GenericHash(Span<byte> output, ReadOnlySpan<byte> message, ReadOnlySpan<byte> key = default)
    {
        Check(output.Length is >= 16 and <= 64 && key.Length <= 64);
        fixed (byte* o = output, m = message, k = key)
            Ok(crypto_generichash(o, (nuint)output.Length, m, (ulong)message.Length, key.IsEmpty ? null : k, (nuint)key.Length));
    }

    /// <summary>
    /// BLAKE2b-256/512 over the concatenation <paramref name="a"/> ‖ <paramref name="b"/> ‖ <paramref name="c"/>
    /// without copying them together. The hash state lives on the stack, so it cannot move
    /// between the init, update and final calls.
    /// </summary>
    public static void GenericHashParts(Span<byte> output, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default)
    {
        Check(output.Length is >= 16 and <= 64);
        byte* raw = stackalloc byte[GenericHashStateBytes + 64];
        byte* st = Align64(raw);
        fixed (byte* o = output, pa = a, pb = b, pc = c)
        {
            Ok(crypto_generichash_init(st, null, 0, (nuint)output.Length));
            Ok(crypto_generichash_update(st, pa, (ulong)a.Length));
            Ok(crypto_generichash_update(st, pb, (ulong)b.Length));
            if (!c.IsEmpty) Ok(crypto_generichash_update(st, pc, (ulong)c.Length));
            Ok(crypto_generichash_final(st, o, (nuint)output.Length));
        }
    }

    private static byte* Align64(byte* p) => (byte*)(((nuint)p + 63) & ~(nuint)63);

    // ---- X25519 / crypto_kx --------------------------------------------------------------

    public static void KxSeedKeyPair(ReadOnlySpan<byte> seed, Span<byte> publicKey, Span<byte> secretKey)
    {
        Check(seed.Length == 32 && publicKey.Length == KxPublicKeyBytes && secretKey.Length == KxSecretKeyBytes);
        fixed (byte* s = seed, pk = publicKey, sk = secretKey)
            Ok(crypto_kx_seed_keypair(pk, sk, s));
    }

    public static void KxKeyPair(Span<byte> publicKey, Span<byte> secretKey)
    {
        Check(publicKey.Length == KxPublicKeyBytes && secretKey.Length == KxSecretKeyBytes);
        fixed (byte* pk = publicKey, sk = secretKey)
            Ok(crypto_kx_keypair(pk, sk));
    }

    /// <summary>Client side of crypto_kx; false when the peer's public key is unusable (low order).</summary>
    public static bool KxClientSessionKeys(Span<byte> rx, Span<byte> tx, ReadOnlySpan<byte> clientPk, ReadOnlySpan<byte> clientSk, ReadOnlySpan<byte> serverPk)
    {
        Check(rx.Length == 32 && tx.Length == 32 && clientPk.Length == 32 && clientSk.Length == 32 && serverPk.Length == 32);
        fixed (byte* r = rx, t = tx, cpk = clientPk, csk = clientSk, spk = serverPk)
            return crypto_kx_client_session_keys(r, t, cpk, csk, spk) == 0;
    }

    /// <summary>Server side of crypto_kx; false when the peer's public key is unusable (low order).</summary>
    public static bool KxServerSessionKeys(Span<byte> rx, Span<byte> tx, ReadOnlySpan<byte> serverPk, ReadOnlySpan<byte> serverSk, ReadOnlySpan<byte> clientPk)
    {
        Check(rx.Length == 32 && tx.Length == 32 && clientPk.Length == 32 && serverSk.Length == 32 && serverPk.Length == 32);
        fixed (byte* r = rx, t = tx, spk = serverPk, ssk = serverSk, cpk = clientPk)
            return crypto_kx_server_session_keys(r, t, spk, ssk, cpk) == 0;
    }

    public static void ScalarMultBase(Span<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        Check(publicKey.Length == 32 && secretKey.Length == 32);
        fixed (byte* q = publicKey, n = secretKey)
            Ok(crypto_scalarmult_base(q, n));
    }

    // ---- XChaCha20-Poly1305 (Noise cipher) -----------------------------------------------

    public static void XChaChaEncrypt(Span<byte> ciphertext, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        Check(ciphertext.Length == plaintext.Length + XChaChaTagBytes && nonce.Length == XChaChaNonceBytes && key.Length == XChaChaKeyBytes);
        fixed (byte* c = ciphertext, p = plaintext, a = ad, n = nonce, k = key)
        {
            ulong clen;
            Ok(crypto_aead_xchacha20poly1305_ietf_encrypt(c, &clen, p, (ulong)plaintext.Length, a, (ulong)ad.Length, null, n, k));
        }
    }

    /// <summary>False when the tag does not verify (forged or corrupted ciphertext).</summary>
    public static bool XChaChaDecrypt(Span<byte> plaintext, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        if (ciphertext.Length < XChaChaTagBytes) return false;
        Check(plaintext.Length == ciphertext.Length - XChaChaTagBytes && nonce.Length == XChaChaNonceBytes && key.Length == XChaChaKeyBytes);
        fixed (byte* p = plaintext, c = ciphertext, a = ad, n = nonce, k = key)
        {
            ulong plen;
            return crypto_aead_xchacha20poly1305_ietf_decrypt(p, &plen, null, c, (ulong)ciphertext.Length, a, (ulong)ad.Length, n, k) == 0;
        }
    }

    // ---- XSalsa20 keystream (transport) --------------------------------------------------

    /// <summary>XORs <paramref name="input"/> with the XSalsa20 keystream starting at 64-byte block <paramref name="blockCounter"/>.</summary>
    public static void XSalsa20XorIc(Span<byte> output, ReadOnlySpan<byte> input, ReadOnlySpan<byte> nonce, ulong blockCounter, ReadOnlySpan<byte> key)
    {
        Check(output.Length >= input.Length && nonce.Length == XSalsa20NonceBytes && key.Length == XSalsa20KeyBytes);
        fixed (byte* o = output, i = input, n = nonce, k = key)
            Ok(crypto_stream_xsalsa20_xor_ic(o, i, (ulong)input.Length, n, blockCounter, k));
    }

    // ---- randomness ----------------------------------------------------------------------

    public static void RandomBytes(Span<byte> buffer)
    {
        fixed (byte* b = buffer)
            randombytes_buf(b, (nuint)buffer.Length);
    }

    private static void Check(bool condition)
    {
        if (!condition) throw new ArgumentException("Buffer of the wrong size passed to libsodium.");
    }

    private static void Ok(int rc)
    {
        if (rc != 0) throw new InvalidOperationException($"libsodium call failed ({rc}).");
    }

    [LibraryImport(Lib)] private static partial int sodium_init();
    [LibraryImport(Lib)] private static partial int crypto_sign_keypair(byte* pk, byte* sk);
    [LibraryImport(Lib)] private static partial int crypto_sign_seed_keypair(byte* pk, byte* sk, byte* seed);
    [LibraryImport(Lib)] private static partial int crypto_sign_detached(byte* sig, ulong* siglen, byte* m, ulong mlen, byte* sk);
    [LibraryImport(Lib)] private static partial int crypto_sign_verify_detached(byte* sig, byte* m, ulong mlen, byte* pk);
    [LibraryImport(Lib)] private static partial int crypto_generichash(byte* output, nuint outlen, byte* input, ulong inlen, byte* key, nuint keylen);
    [LibraryImport(Lib)] private static partial int crypto_generichash_init(byte* state, byte* key, nuint keylen, nuint outlen);
    [LibraryImport(Lib)] private static partial int crypto_generichash_update(byte* state, byte* input, ulong inlen);
    [LibraryImport(Lib)] private static partial int crypto_generichash_final(byte* state, byte* output, nuint outlen);
    [LibraryImport(Lib)] private static partial int crypto_kx_keypair(byte* pk, byte* sk);
    [LibraryImport(Lib)] private static partial int crypto_kx_seed_keypair(byte* pk, byte* sk, byte* seed);
    [LibraryImport(Lib)] private static partial int crypto_kx_client_session_keys(byte* rx, byte* tx, byte* clientPk, byte* clientSk, byte* serverPk);
    [LibraryImport(Lib)] private static partial int crypto_kx_server_session_keys(byte* rx, byte* tx, byte* serverPk, byte* serverSk, byte* clientPk);
    [LibraryImport(Lib)] private static partial int crypto_scalarmult_base(byte* q, byte* n);
    [LibraryImport(Lib)] private static partial int crypto_aead_xchacha20poly1305_ietf_encrypt(byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);
    [LibraryImport(Lib)] private static partial int crypto_aead_xchacha20poly1305_ietf_decrypt(byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);
    [LibraryImport(Lib)] private static partial int crypto_stream_xsalsa20_xor_ic(byte* c, byte* m, ulong mlen, byte* n, ulong ic, byte* k);
    [LibraryImport(Lib)] private static partial void randombytes_buf(byte* buf, nuint size);
}

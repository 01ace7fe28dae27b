using System.Security.Cryptography;
using System.Text;

namespace Kappa.Protocol.Noise;

/// <summary>
/// Noise SymmetricState + CipherState as noise-protocol 1.0.0 runs them:
/// <c>h</c> starts as the protocol name zero-padded to 64 bytes (it is shorter than HASHLEN, so
/// not hashed), <c>ck = h</c>, no cipher key until the first MixKey.
/// </summary>
internal sealed class SymmetricState : IDisposable
{
    private readonly byte[] _h = new byte[NoisePrimitives.HashLength];
    private readonly byte[] _ck = new byte[NoisePrimitives.HashLength];
    private readonly byte[] _k = new byte[NoisePrimitives.KeyLength];
    private bool _hasKey;
    private ulong _n;

    public SymmetricState(string protocolName)
    {
        var name = Encoding.ASCII.GetBytes(protocolName);
        if (name.Length > NoisePrimitives.HashLength) throw new ArgumentException("Protocol names longer than HASHLEN are not supported.", nameof(protocolName));
        name.CopyTo(_h, 0);
        _h.CopyTo(_ck, 0);
    }

    /// <summary>The handshake hash <c>h</c>.</summary>
    public ReadOnlySpan<byte> HandshakeHash => _h;

    public void MixHash(ReadOnlySpan<byte> data)
    {
        Span<byte> next = stackalloc byte[NoisePrimitives.HashLength];
        NoisePrimitives.Hash(next, _h, data);
        next.CopyTo(_h);
    }

    public void MixKey(ReadOnlySpan<byte> inputKeyMaterial)
    {
        Span<byte> o1 = stackalloc byte[NoisePrimitives.HashLength];
        Span<byte> o2 = stackalloc byte[NoisePrimitives.HashLength];
        NoisePrimitives.Hkdf(_ck, inputKeyMaterial, o1, o2);
        o1.CopyTo(_ck);
        o2[..NoisePrimitives.KeyLength].CopyTo(_k);
        _hasKey = true;
        _n = 0;
        CryptographicOperations.ZeroMemory(o1);
        CryptographicOperations.ZeroMemory(o2);
    }

    /// <summary>Bytes <see cref="EncryptAndHash"/> writes for a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public int CiphertextLength(int plaintextLength) => plaintextLength + (_hasKey ? NoisePrimitives.TagLength : 0);

    /// <summary>Encrypts (once a key exists) with ad = h, then mixes the ciphertext into h; returns bytes written.</summary>
    public int EncryptAndHash(ReadOnlySpan<byte> plaintext, Span<byte> output)
    {
        var length = CiphertextLength(plaintext.Length);
        var ciphertext = output[..length];
        if (_hasKey) NoisePrimitives.Encrypt(ciphertext, _k, _n++, _h, plaintext);
        else plaintext.CopyTo(ciphertext);
        MixHash(ciphertext);
        return length;
    }

    /// <summary>Mirror of <see cref="EncryptAndHash"/>; a failed tag is a handshake error.</summary>
    public byte[] DecryptAndHash(ReadOnlySpan<byte> ciphertext)
    {
        byte[] plaintext;
        if (_hasKey)
        {
            if (ciphertext.Length < NoisePrimitives.TagLength) throw Failed("a message is too short");
            plaintext = new byte[ciphertext.Length - NoisePrimitives.TagLength];
            if (!NoisePrimitives.Decrypt(plaintext, _k, _n, _h, ciphertext)) throw Failed("authentication tag mismatch");
            _n++;
        }
        else
        {
            plaintext = ciphertext.ToArray();
        }
        MixHash(ciphertext);
        return plaintext;
    }

    /// <summary>Noise Split(): the two 32-byte transport keys, in initiator order (t1, t2).</summary>
    public (byte[] First, byte[] Second) Split()
    {
        Span<byte> t1 = stackalloc byte[NoisePrimitives.HashLength];
        Span<byte> t2 = stackalloc byte[NoisePrimitives.HashLength];
        NoisePrimitives.Hkdf(_ck, [], t1, t2);
        var result = (t1[..NoisePrimitives.KeyLength].ToArray(), t2[..NoisePrimitives.KeyLength].ToArray());
        CryptographicOperations.ZeroMemory(t1);
        CryptographicOperations.ZeroMemory(t2);
        return result;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_ck);
        CryptographicOperations.ZeroMemory(_k);
    }

    internal static ProtocolException Failed(string why) =>
        new(ProtocolException.Handshake, "Noise handshake error: " + why + ".");
}

using System.Security.Cryptography;
using Kappa.Hypercore.Crypto;

namespace Kappa.Protocol.Transport;

/// <summary>
/// One direction of hypercore-protocol 7's transport encryption: a single XSalsa20 keystream
/// from offset 0 (sodium's <c>crypto_stream_xor_instance</c> in simple-hypercore-protocol
/// 1.5.0), XORed over every byte after the handshake regardless of how the bytes are chunked.
/// No MAC, no per-message nonce. Whole 64-byte blocks go to <c>crypto_stream_xsalsa20_xor_ic</c>
/// with a running block counter; only the ragged edges of a chunk use a cached keystream block.
/// Not thread-safe: each direction is used by one reader or one writer at a time.
/// </summary>
internal sealed class XSalsa20Stream : IDisposable
{
    private const int BlockLength = 64;
    private static readonly byte[] ZeroBlock = new byte[BlockLength];

    private readonly byte[] _key;
    private readonly byte[] _nonce;
    private readonly byte[] _keystream = new byte[BlockLength]; // keystream of block _counter while _offset > 0
    private ulong _counter;
    private int _offset;

    public XSalsa20Stream(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != Sodium.XSalsa20KeyBytes || nonce.Length != Sodium.XSalsa20NonceBytes)
            throw new ArgumentException("XSalsa20 needs a 32-byte key and a 24-byte nonce.");
        _key = key.ToArray();
        _nonce = nonce.ToArray();
    }

    /// <summary>Bytes processed so far (the keystream position).</summary>
    public ulong Position => _counter * BlockLength + (ulong)_offset;

    /// <summary>XORs <paramref name="data"/> in place with the next keystream bytes.</summary>
    public void Xor(Span<byte> data) => Xor(data, data);

    /// <summary>XORs <paramref name="input"/> with the next keystream bytes into <paramref name="output"/> (may be the same memory).</summary>
    public void Xor(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < input.Length) throw new ArgumentException("Output is shorter than input.", nameof(output));
        if (_offset > 0)
        {
            var n = Math.Min(BlockLength - _offset, input.Length);
            XorBytes(input[..n], _keystream.AsSpan(_offset, n), output);
            input = input[n..];
            output = output[n..];
            _offset += n;
            if (_offset < BlockLength) return;
            _offset = 0;
            _counter++;
        }

        var whole = input.Length / BlockLength * BlockLength;
        if (whole > 0)
        {
            Sodium.XSalsa20XorIc(output[..whole], input[..whole], _nonce, _counter, _key);
            _counter += (ulong)(whole / BlockLength);
            input = input[whole..];
            output = output[whole..];
        }

        if (input.Length > 0)
        {
            Sodium.XSalsa20XorIc(_keystream, ZeroBlock, _nonce, _counter, _key);
            XorBytes(input, _keystream.AsSpan(0, input.Length), output);
            _offset = input.Length;
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_keystream);
    }

    private static void XorBytes(ReadOnlySpan<byte> input, ReadOnlySpan<byte> keystream, Span<byte> output)
    {
        // At most 63 bytes per call.
        for (var i = 0; i < input.Length; i++) output[i] = (byte)(input[i] ^ keystream[i]);
    }
}

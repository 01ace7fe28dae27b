using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Noise;

/// <summary>
/// The Noise XX handshake of hypercore-protocol 7 (noise-protocol 1.0.0 via simple-handshake
/// 1.3.1), usable by either side. Messages (see replication-protocol.md §2):
/// <code>
/// 1 I→R  e                      ‖ payload (clear: no key yet)      32 + p
/// 2 R→I  e, ee, s(48), es       ‖ payload (+16 tag)                32 + 48 + p + 16
/// 3 I→R  s(48), se              ‖ payload (+16 tag)                48 + p + 16
/// </code>
/// Drive it with <see cref="IsMyTurn"/>: write when true, read the remote message otherwise,
/// until <see cref="IsComplete"/>; then <see cref="Result"/> holds the split keys. Keys are
/// injectable for golden tests; by default both pairs are random. Not thread-safe.
/// </summary>
internal sealed class NoiseHandshake : IDisposable
{
    /// <summary>The Noise protocol name, as noise-protocol 1.0.0 spells it.</summary>
    public const string ProtocolName = "Noise_XX_25519_XChaChaPoly_BLAKE2b";

    /// <summary>Largest handshake message accepted (Noise's 65535-byte limit).</summary>
    public const int MaxMessageLength = 65535;

    private const int PublicKeyLength = NoiseKeyPair.KeyLength;
    private readonly SymmetricState _state = new(ProtocolName);
    private readonly NoiseKeyPair _static;
    private readonly NoiseKeyPair _ephemeral;
    private readonly bool _ownsStatic;
    private readonly bool _ownsEphemeral;
    private readonly byte[] _payload;
    private byte[]? _remoteEphemeral;
    private byte[]? _remoteStatic;
    private byte[]? _remotePayload;
    private int _step;

    public NoiseHandshake(bool isInitiator, ReadOnlySpan<byte> payload, NoiseKeyPair? staticKeyPair = null, NoiseKeyPair? ephemeralKeyPair = null)
    {
        IsInitiator = isInitiator;
        _payload = payload.ToArray();
        _ownsStatic = staticKeyPair is null;
        _ownsEphemeral = ephemeralKeyPair is null;
        _static = staticKeyPair ?? NoiseKeyPair.Generate();
        _ephemeral = ephemeralKeyPair ?? NoiseKeyPair.Generate();
        _state.MixHash([]); // the (empty) prologue
    }

    public bool IsInitiator { get; }

    /// <summary>Our static public key.</summary>
    public byte[] LocalStaticKey => _static.PublicKey;

    /// <summary>All three messages have been written or read.</summary>
    public bool IsComplete => _step == 3;

    /// <summary>True when the next step is <see cref="WriteMessage"/>, false when it is <see cref="ReadMessage"/>.</summary>
    public bool IsMyTurn => !IsComplete && (_step % 2 == 0) == IsInitiator;

    /// <summary>Set once <see cref="IsComplete"/>.</summary>
    public HandshakeResult? Result { get; private set; }

    /// <summary>Produces the next message (unframed; the transport prefixes varint(length)).</summary>
    public byte[] WriteMessage()
    {
        if (!IsMyTurn) throw new InvalidOperationException("It is not this side's turn to write a handshake message.");
        var buffer = new byte[PublicKeyLength + 2 * (PublicKeyLength + NoisePrimitives.TagLength) + _payload.Length];
        var n = 0;
        Span<byte> dh = stackalloc byte[NoisePrimitives.DhLength];
        switch (_step)
        {
            case 0: // -> e
                n += WriteEphemeral(buffer);
                break;
            case 1: // <- e, ee, s, es
                n += WriteEphemeral(buffer);
                MixDh(dh, _ephemeral, _remoteEphemeral!);
                n += _state.EncryptAndHash(_static.PublicKey, buffer.AsSpan(n));
                MixDh(dh, _static, _remoteEphemeral!);
                break;
            case 2: // -> s, se
                n += _state.EncryptAndHash(_static.PublicKey, buffer.AsSpan(n));
                MixDh(dh, _static, _remoteEphemeral!);
                break;
        }
        n += _state.EncryptAndHash(_payload, buffer.AsSpan(n));
        Advance();
        return buffer[..n];
    }

    /// <summary>
    /// The next message as it goes on the wire: <c>varint(length) ‖ message</c>
    /// (simple-hypercore-protocol 1.5.0 lib/handshake.js).
    /// </summary>
    public byte[] WriteFramedMessage()
    {
        var message = WriteMessage();
        var framed = new byte[Varint.Size((ulong)message.Length) + message.Length];
        var n = Varint.Write(framed, (ulong)message.Length);
        message.CopyTo(framed, n);
        return framed;
    }

    /// <summary>Consumes the remote's next message (without its length prefix); returns its payload.</summary>
    public byte[] ReadMessage(ReadOnlySpan<byte> message)
    {
        if (IsComplete || IsMyTurn) throw new InvalidOperationException("It is not this side's turn to read a handshake message.");
        Span<byte> dh = stackalloc byte[NoisePrimitives.DhLength];
        var rest = message;
        switch (_step)
        {
            case 0: // -> e
                rest = ReadEphemeral(rest);
                break;
            case 1: // <- e, ee, s, es
                rest = ReadEphemeral(rest);
                MixDh(dh, _ephemeral, _remoteEphemeral!);
                rest = ReadStatic(rest);
                MixDh(dh, _ephemeral, _remoteStatic!);
                break;
            case 2: // -> s, se
                rest = ReadStatic(rest);
                MixDh(dh, _ephemeral, _remoteStatic!);
                break;
        }
        var payload = _state.DecryptAndHash(rest);
        // simple-hypercore-protocol keeps the last non-empty payload it received.
        if (payload.Length > 0) _remotePayload = payload;
        Advance();
        return payload;
    }

    /// <summary>Wipes the chaining key and the key pairs this instance generated (injected ones stay with their owner).</summary>
    public void Dispose()
    {
        _state.Dispose();
        if (_ownsStatic) _static.Dispose();
        if (_ownsEphemeral) _ephemeral.Dispose();
    }

    private int WriteEphemeral(Span<byte> output)
    {
        _ephemeral.PublicKey.CopyTo(output);
        _state.MixHash(_ephemeral.PublicKey);
        return PublicKeyLength;
    }

    private ReadOnlySpan<byte> ReadEphemeral(ReadOnlySpan<byte> message)
    {
        if (message.Length < PublicKeyLength) throw SymmetricState.Failed("a message is too short");
        _remoteEphemeral = message[..PublicKeyLength].ToArray();
        _state.MixHash(_remoteEphemeral);
        return message[PublicKeyLength..];
    }

    private ReadOnlySpan<byte> ReadStatic(ReadOnlySpan<byte> message)
    {
        var length = _state.CiphertextLength(PublicKeyLength);
        if (message.Length < length) throw SymmetricState.Failed("a message is too short");
        _remoteStatic = _state.DecryptAndHash(message[..length]);
        return message[length..];
    }

    /// <summary>MixKey(DH(own, remote)); which crypto_kx role we take depends only on who initiated.</summary>
    private void MixDh(Span<byte> dh, NoiseKeyPair own, byte[] remotePublicKey)
    {
        NoisePrimitives.Dh(dh, IsInitiator, own, remotePublicKey);
        _state.MixKey(dh);
        dh.Clear();
    }

    private void Advance()
    {
        if (++_step < 3) return;
        var (first, second) = _state.Split();
        if (_remotePayload is null) throw SymmetricState.Failed("the remote did not include a handshake payload");
        Result = new HandshakeResult(
            IsInitiator,
            TransmitKey: IsInitiator ? first : second,
            ReceiveKey: IsInitiator ? second : first,
            HandshakeHash: _state.HandshakeHash.ToArray(),
            RemoteStaticKey: _remoteStatic!,
            RemotePayload: _remotePayload);
    }
}

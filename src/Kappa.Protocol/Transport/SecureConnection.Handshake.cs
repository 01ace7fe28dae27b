using System.Buffers;
using Google.Protobuf;
using Kappa.Hypercore.Crypto;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Noise;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Transport;

// The handshake on the wire (simple-hypercore-protocol 1.5.0 lib/handshake.js):
//   varint(len) ‖ noise message, three times, in clear.
// Bytes that follow the last message in the same read are already transport ciphertext;
// they stay in the transport reader and the frame reader decrypts them first.
internal sealed partial class SecureConnection
{
    private const int NonceLength = Sodium.XSalsa20NonceBytes;

    private async Task HandshakeAsync(CancellationToken ct)
    {
        var nonce = _options.TransportNonce?.ToArray() ?? RandomNonce();
        if (nonce.Length != NonceLength) throw new ArgumentException("The transport nonce must be 24 bytes.");
        var payload = WireMessages.NoisePayload(nonce).ToByteArray();

        StartIdleTimer(); // a silent peer times out during the handshake too
        using var noise = new NoiseHandshake(IsInitiator, payload, _options.StaticKeyPair, _options.EphemeralKeyPair);
        while (!noise.IsComplete)
        {
            if (noise.IsMyTurn) await WriteHandshakeMessageAsync(noise.WriteFramedMessage(), ct).ConfigureAwait(false);
            else ReadMessage(noise, await ReadHandshakeMessageAsync(ct).ConfigureAwait(false));
        }

        var result = noise.Result!;
        var remoteNonce = RemoteNonce(result.RemotePayload);
        _encrypt = new XSalsa20Stream(result.TransmitKey, nonce);
        _decrypt = new XSalsa20Stream(result.ReceiveKey, remoteNonce);
        _handshake = result;
        StartKeepAliveTimer(); // never during the handshake, as in JS
    }

    private void ReadMessage(NoiseHandshake noise, byte[] message)
    {
        try
        {
            noise.ReadMessage(message);
        }
        catch (ProtocolException e)
        {
            throw Fail(e);
        }
    }

    private async ValueTask WriteHandshakeMessageAsync(byte[] framed, CancellationToken ct)
    {
        _transport.Output.Write(framed);
        await FlushTransportAsync(ct).ConfigureAwait(false);
    }

    private async ValueTask<byte[]> ReadHandshakeMessageAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await ReadTransportAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (TryReadLength(ref reader, out var length) && reader.Remaining >= length)
            {
                var message = buffer.Slice(reader.Position, length);
                var bytes = message.ToArray();
                _transport.Input.AdvanceTo(message.End);
                return bytes;
            }
            if (result.IsCompleted)
                throw Fail(new ProtocolException(ProtocolException.Truncated, "The remote ended the stream during the handshake."));
            _transport.Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private bool TryReadLength(ref SequenceReader<byte> reader, out long length)
    {
        try
        {
            // 65535 fits in 3 varint bytes.
            if (!Varint.TryRead(ref reader, out var value, maxBytes: 3))
            {
                length = 0;
                return false;
            }
            if (value is 0 or > NoiseHandshake.MaxMessageLength)
                throw Fail(new ProtocolException(ProtocolException.Handshake, $"Noise handshake error: message length {value} is invalid."));
            length = (long)value;
            return true;
        }
        catch (ProtocolException e) when (e.Code == ProtocolException.BadVarint)
        {
            throw Fail(new ProtocolException(ProtocolException.Handshake, "Noise handshake error: invalid message length.", e));
        }
    }

    private byte[] RemoteNonce(byte[] remotePayload)
    {
        try
        {
            var nonce = MessageCodec.Decode<NoisePayload>(new ReadOnlySequence<byte>(remotePayload)).Nonce;
            if (nonce.Length == NonceLength) return nonce.ToByteArray();
        }
        catch (ProtocolException e) when (e.Code == ProtocolException.Decode)
        {
            throw Fail(new ProtocolException(ProtocolException.Handshake, "Could not parse remote payload.", e));
        }
        throw Fail(new ProtocolException(ProtocolException.Handshake, "The remote payload's nonce is not 24 bytes."));
    }

    private static byte[] RandomNonce()
    {
        var nonce = new byte[NonceLength];
        Sodium.RandomBytes(nonce);
        return nonce;
    }
}

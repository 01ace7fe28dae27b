using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Noise;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Tests.Support;

/// <summary>
/// A peer driven by the test at byte level: it runs the handshake with <see cref="NoiseHandshake"/>
/// directly on a pipe, then lets the test send arbitrary (encrypted or raw) bytes and read raw bytes.
/// </summary>
internal sealed class RawPeer(IDuplexPipe pipe, XSalsa20Stream tx, XSalsa20Stream rx)
{
    public IDuplexPipe Pipe { get; } = pipe;

    public XSalsa20Stream Tx { get; } = tx;

    public XSalsa20Stream Rx { get; } = rx;

    public static async Task<RawPeer> HandshakeAsync(IDuplexPipe pipe, bool isInitiator)
    {
        var nonce = new byte[24];
        Random.Shared.NextBytes(nonce);
        using var noise = new NoiseHandshake(isInitiator, WireMessages.NoisePayload(nonce).ToByteArray());
        while (!noise.IsComplete)
        {
            if (noise.IsMyTurn)
            {
                await pipe.Output.WriteAsync(noise.WriteFramedMessage());
            }
            else
            {
                noise.ReadMessage(await ReadHandshakeMessageAsync(pipe.Input));
            }
        }
        var remote = MessageCodec.Decode<NoisePayload>(new ReadOnlySequence<byte>(noise.Result!.RemotePayload)).Nonce.ToByteArray();
        return new RawPeer(pipe, new XSalsa20Stream(noise.Result.TransmitKey, nonce), new XSalsa20Stream(noise.Result.ReceiveKey, remote));
    }

    /// <summary>Encrypts and sends <paramref name="plaintext"/>.</summary>
    public async Task SendAsync(byte[] plaintext)
    {
        var bytes = (byte[])plaintext.Clone();
        Tx.Xor(bytes);
        await Pipe.Output.WriteAsync(bytes);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes and decrypts them.</summary>
    public async Task<byte[]> ReceiveAsync(int count)
    {
        while (true)
        {
            var result = await Pipe.Input.ReadAsync();
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                Pipe.Input.AdvanceTo(result.Buffer.GetPosition(count));
                Rx.Xor(bytes);
                return bytes;
            }
            if (result.IsCompleted) throw new EndOfStreamException();
            Pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Bytes waiting to be read right now, without waiting.</summary>
    public long Available()
    {
        if (!Pipe.Input.TryRead(out var result)) return 0;
        var n = result.Buffer.Length;
        Pipe.Input.AdvanceTo(result.Buffer.Start); // nothing consumed or examined: the next read sees it again
        return n;
    }

    private static async Task<byte[]> ReadHandshakeMessageAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var reader = new SequenceReader<byte>(result.Buffer);
            if (Varint.TryRead(ref reader, out var length) && reader.Remaining >= (long)length)
            {
                var message = result.Buffer.Slice(reader.Position, (long)length);
                var bytes = message.ToArray();
                input.AdvanceTo(message.End);
                return bytes;
            }
            if (result.IsCompleted) throw new EndOfStreamException();
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}

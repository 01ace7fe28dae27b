using System.Buffers;
using System.IO.Pipelines;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Transport;

/// <summary>
/// Our connection plays peer A or B of a JS transcript against the other peer's recorded bytes:
/// it must write exactly what the JS peer wrote and read exactly what the JS peer sent.
/// </summary>
public class SecureConnectionTranscriptTests
{
    [Theory]
    [InlineData("replication-transcript.json", "A")]
    [InlineData("replication-transcript.json", "B")]
    [InlineData("replication-transcript-live.json", "A")]
    [InlineData("replication-transcript-live.json", "B")]
    public async Task Playing_one_peer_writes_its_exact_wire_bytes_and_reads_the_others_frames(string file, string peer)
    {
        var t = new Transcript(file);
        var other = peer == "A" ? "B" : "A";
        var (local, remote) = DuplexPipe.CreatePair();

        // The remote's bytes arrive in the chunks the JS peer wrote them in, all before we start,
        // so handshake messages and ciphertext share reads (bytes after the last handshake
        // message must be kept for the frame reader).
        var incoming = peer == "A" ? t.BToA : t.AToB;
        var offset = 0;
        foreach (var size in t.Chunks(peer == "A" ? "B->A" : "A->B"))
        {
            await remote.Output.WriteAsync(incoming.AsMemory(offset, size));
            offset += size;
        }
        Assert.Equal(incoming.Length, offset);
        await remote.Output.CompleteAsync();

        await using var connection = await SecureConnection.EstablishAsync(local, isInitiator: peer == "A", t.Options(peer));
        Assert.Equal(t.Secrets(peer).Str("splitTx"), Convert.ToHexStringLower(connection.Handshake.TransmitKey));

        // Write our messages as the replicator would (in small batches), then half-close.
        var ours = t.MessagesFrom(peer);
        for (var i = 0; i < ours.Length; i++)
        {
            var m = ours[i];
            var type = (MessageType)m.Num("typeId");
            if (type == MessageType.Extension)
                connection.WriteExtension((ulong)m.Num("channel"), (ulong)m.Num("extensionId"), System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(m.GetProperty("payloadJson"))));
            else
                connection.WriteFrame((ulong)m.Num("channel"), type, Transcript.BuildLikeHypercore(m));
            if (i % 3 == 2) await connection.FlushAsync();
        }
        await connection.CompleteAsync();
        var written = await ReadToEndAsync(remote.Input);
        Assert.Equal(Convert.ToHexStringLower(peer == "A" ? t.AToB : t.BToA), Convert.ToHexStringLower(written));

        // Read the other peer's frames until its output ends.
        var expected = t.MessagesFrom(other);
        var count = 0;
        while (await connection.ReadFrameAsync() is { } frame)
        {
            Assert.True(count < expected.Length, "more frames than recorded");
            var raw = new ArrayBufferWriter<byte>();
            FrameWriter.Write(raw, frame.Channel, frame.Type, frame.Body.ToArray());
            Transcript.AssertFrame(expected[count], frame, raw.WrittenSpan.ToArray());
            count++;
        }
        Assert.Equal(expected.Length, count);
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        var output = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer) output.Write(segment.Span);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) return output.ToArray();
        }
    }
}

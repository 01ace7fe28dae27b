using System.IO.Pipelines;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;
using Xunit.Abstractions;

namespace Kappa.Protocol.Tests.Transport;

/// <summary>Hostile or broken peers and resource bounds, over in-process pipes.</summary>
public class SecureConnectionLimitsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static async Task<(SecureConnection Connection, RawPeer Peer)> ConnectToRawPeerAsync(PipeOptions? pipes = null)
    {
        var (local, remote) = DuplexPipe.CreatePair(pipes);
        var establish = SecureConnection.EstablishAsync(local, isInitiator: false);
        var peer = await RawPeer.HandshakeAsync(remote, isInitiator: true).WaitAsync(Limit);
        return (await establish.WaitAsync(Limit), peer);
    }

    [Theory]
    [InlineData(1UL << 50)]
    [InlineData(8UL * 1024 * 1024 + 2)]
    public async Task A_flood_declaring_a_huge_frame_is_refused_without_buffering_it(ulong declaredLength)
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _c = connection;
        var header = new byte[12];
        var n = Varint.Write(header, declaredLength);
        header[n++] = 0x29; // channel 2, Data
        await peer.SendAsync(header[..n]);
        await peer.SendAsync(new byte[64 * 1024]); // the flood begins

        var e = await Assert.ThrowsAsync<ProtocolException>(() => connection.ReadFrameAsync().AsTask().WaitAsync(Limit));
        Assert.Equal(ProtocolException.FrameTooLarge, e.Code);
        Assert.True(connection.ReceiveBufferCapacity <= 256 * 1024, $"receive buffer grew to {connection.ReceiveBufferCapacity}");
    }

    [Fact]
    public async Task A_frame_cut_off_by_the_end_of_the_stream_is_a_truncation_error()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _c = connection;
        await peer.SendAsync(Convert.FromHexString("0937080210"));
        await peer.Pipe.Output.CompleteAsync();
        var e = await Assert.ThrowsAsync<ProtocolException>(() => connection.ReadFrameAsync().AsTask().WaitAsync(Limit));
        Assert.Equal(ProtocolException.Truncated, e.Code);
    }

    [Fact]
    public async Task The_end_of_the_stream_during_the_handshake_is_a_truncation_error()
    {
        var (local, remote) = DuplexPipe.CreatePair();
        await remote.Output.WriteAsync(new byte[] { 0x3a, 1, 2, 3 });
        await remote.Output.CompleteAsync();
        var e = await Assert.ThrowsAsync<ProtocolException>(() => SecureConnection.EstablishAsync(local, isInitiator: false).WaitAsync(Limit));
        Assert.Equal(ProtocolException.Truncated, e.Code);
    }

    [Fact]
    public async Task Abort_wakes_a_pending_read_with_the_reason_and_stops_writes()
    {
        var (connection, _) = await ConnectToRawPeerAsync();
        await using var _c = connection;
        var read = connection.ReadFrameAsync().AsTask();
        connection.Abort("replication finished badly");
        var e = await Assert.ThrowsAsync<ProtocolException>(() => read.WaitAsync(Limit));
        Assert.Equal(ProtocolException.Aborted, e.Code);
        Assert.Contains("replication finished badly", e.Message);
        Assert.Throws<ProtocolException>(() => connection.WriteFrame(1, MessageType.Close, WireMessages.Close()));
    }

    [Fact]
    public async Task Disposing_under_a_pending_read_fails_it_and_later_calls_throw_instead_of_hanging()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        var read = connection.ReadFrameAsync().AsTask();
        await connection.DisposeAsync();
        Assert.Equal(ProtocolException.Aborted, (await Assert.ThrowsAsync<ProtocolException>(() => read.WaitAsync(Limit))).Code);
        await Assert.ThrowsAsync<ProtocolException>(() => connection.FlushAsync().AsTask().WaitAsync(Limit));
        await Assert.ThrowsAsync<ProtocolException>(() => connection.ReadFrameAsync().AsTask().WaitAsync(Limit));
        Assert.True((await peer.Pipe.Input.ReadAsync().AsTask().WaitAsync(Limit)).IsCompleted);
        await connection.DisposeAsync(); // twice is fine
    }

    [Fact]
    public async Task An_outgoing_body_over_the_limit_is_refused_and_the_connection_stays_usable()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _c = connection;
        var e = Assert.Throws<ProtocolException>(() => connection.WriteFrame(2, MessageType.Data, new byte[8 * 1024 * 1024 + 1]));
        Assert.Equal(ProtocolException.FrameTooLarge, e.Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => connection.WriteFrame(FrameWriter.MaxChannel + 1, MessageType.Close, WireMessages.Close()));
        connection.WriteFrame(1, MessageType.Close, ReadOnlySpan<byte>.Empty);
        await connection.FlushAsync();
        Assert.Equal(Convert.FromHexString("011a"), await peer.ReceiveAsync(2).WaitAsync(Limit));
        Assert.Equal(0, peer.Available()); // nothing of the refused frames leaked out
    }

    [Fact]
    public async Task A_reader_that_stops_reading_holds_back_a_fast_sender_instead_of_buffering()
    {
        // 1 MiB pause threshold per direction, as DuplexPipe pairs use by default.
        var (a, b) = DuplexPipe.CreatePair();
        var establishA = SecureConnection.EstablishAsync(a, isInitiator: true);
        await using var receiver = await SecureConnection.EstablishAsync(b, isInitiator: false).WaitAsync(Limit);
        await using var sender = await establishA.WaitAsync(Limit);

        var block = new byte[64 * 1024];
        Assert.Equal(MessageType.Data, (await WriteAndReadOne(sender, receiver, block)).Type);

        var sent = 0L;
        while (true)
        {
            sender.WriteFrame(2, MessageType.Data, block);
            var flush = sender.FlushAsync().AsTask();
            if (await Task.WhenAny(flush, Task.Delay(500)) != flush) break; // blocked: back-pressure
            sent += block.Length;
            Assert.True(sent < 16 * 1024 * 1024, "the sender was never held back");
        }
        output.WriteLine($"sender blocked after {sent} bytes");
        Assert.True(receiver.ReceiveBufferCapacity <= 256 * 1024);

        // Once the receiver reads again everything arrives, in order.
        var frames = 0;
        var readAll = Task.Run(async () =>
        {
            while (await receiver.ReadFrameAsync() is { } f)
            {
                Assert.Equal(block.Length, f.Length);
                frames++;
            }
        });
        await sender.FlushAsync().AsTask().WaitAsync(Limit);
        await sender.CompleteAsync().AsTask().WaitAsync(Limit);
        await readAll.WaitAsync(Limit);
        Assert.Equal(sent / block.Length + 1, frames);
    }

    [Fact]
    public async Task Frames_written_from_many_threads_arrive_whole_and_in_per_thread_order()
    {
        var (a, b) = DuplexPipe.CreatePair();
        var establishA = SecureConnection.EstablishAsync(a, isInitiator: true);
        await using var receiver = await SecureConnection.EstablishAsync(b, isInitiator: false).WaitAsync(Limit);
        await using var sender = await establishA.WaitAsync(Limit);

        var read = SecureConnectionTcpTests.ReadAllAsync(receiver);
        var writers = Enumerable.Range(1, 8).Select(channel => Task.Run(async () =>
        {
            for (var i = 0UL; i < 500; i++)
            {
                sender.WriteFrame((ulong)channel, MessageType.Request, WireMessages.Request(i, nodes: 0));
                if (i % 10 == 0) await sender.FlushAsync();
            }
            await sender.FlushAsync();
        }));
        await Task.WhenAll(writers).WaitAsync(Limit);
        await sender.CompleteAsync();
        var frames = await read.WaitAsync(Limit);

        Assert.Equal(8 * 500, frames.Count);
        foreach (var group in frames.GroupBy(f => f.Channel))
        {
            var indexes = group.Select(f => MessageCodec.Decode<Request>(new System.Buffers.ReadOnlySequence<byte>(f.Body)).Index).ToArray();
            Assert.Equal(Enumerable.Range(0, 500).Select(i => (ulong)i), indexes);
        }
    }

    private static async Task<Frame> WriteAndReadOne(SecureConnection sender, SecureConnection receiver, byte[] body)
    {
        sender.WriteFrame(2, MessageType.Data, body);
        await sender.FlushAsync();
        return (await receiver.ReadFrameAsync().AsTask().WaitAsync(Limit))!.Value;
    }
}

using System.Net.Sockets;
using Google.Protobuf;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;
using Xunit.Abstractions;

namespace Kappa.Protocol.Tests.Transport;

/// <summary>Two of our connections, or one and a hostile peer, over real loopback TCP.</summary>
public class SecureConnectionTcpTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static StreamTransport Chunked(Socket socket, int seed) =>
        StreamTransport.Create(new ChunkingStream(new NetworkStream(socket, ownsSocket: true), seed), () => socket.Shutdown(SocketShutdown.Send));

    [Theory]
    [InlineData(true, 101)]
    [InlineData(false, 202)]
    [InlineData(true, 303)]
    public async Task Two_connections_exchange_random_frames_both_ways_over_chunked_tcp_and_half_close(bool clientIsInitiator, int seed)
    {
        output.WriteLine($"seed {seed}, client is initiator: {clientIsInitiator}");
        var (client, server) = await Tcp.ConnectedPairAsync();
        var establishClient = SecureConnection.EstablishAsync(Chunked(client, seed), clientIsInitiator);
        var establishServer = SecureConnection.EstablishAsync(Chunked(server, seed + 1), !clientIsInitiator);
        await using var a = await establishClient.WaitAsync(Limit);
        await using var b = await establishServer.WaitAsync(Limit);

        Assert.Equal(clientIsInitiator, a.IsInitiator);
        Assert.Equal(a.Handshake.TransmitKey, b.Handshake.ReceiveKey);
        Assert.Equal(a.Handshake.ReceiveKey, b.Handshake.TransmitKey);
        var feedKey = new byte[32];
        new Random(seed).NextBytes(feedKey);
        Assert.True(b.VerifyCapability(feedKey, a.CreateCapability(feedKey)));
        Assert.True(a.VerifyCapability(feedKey, b.CreateCapability(feedKey)));
        Assert.False(a.VerifyCapability(feedKey, a.CreateCapability(feedKey)));

        var fromA = RandomFrames(new Random(seed * 7), 250);
        var fromB = RandomFrames(new Random(seed * 13), 250);
        var results = await Task.WhenAll(
            SendThenCompleteAsync(a, fromA, new Random(seed * 3)),
            SendThenCompleteAsync(b, fromB, new Random(seed * 5)),
            ReadAllAsync(a),
            ReadAllAsync(b)).WaitAsync(Limit);

        AssertSame(fromB, results[2]);
        AssertSame(fromA, results[3]);
    }

    [Theory]
    [InlineData(false, 7)]
    [InlineData(true, 8)]
    public async Task A_peer_sending_garbage_instead_of_a_handshake_gets_a_handshake_error(bool weAreInitiator, int seed)
    {
        output.WriteLine($"seed {seed}");
        var (client, server) = await Tcp.ConnectedPairAsync();
        using var garbagePeer = client;
        var garbage = new byte[70_000];
        new Random(seed).NextBytes(garbage);
        garbage[0] = 0x3a; // a plausible first length (58), so the garbage gets past the framing
        var send = garbagePeer.SendAsync(garbage);

        var e = await Assert.ThrowsAsync<ProtocolException>(() =>
            SecureConnection.EstablishAsync(StreamTransport.Create(server), weAreInitiator).WaitAsync(Limit));
        Assert.Equal(ProtocolException.Handshake, e.Code);
        await send.WaitAsync(Limit);
    }

    [Fact]
    public async Task A_silent_peer_times_out_during_the_handshake_with_a_typed_error()
    {
        var (client, server) = await Tcp.ConnectedPairAsync();
        using var silent = client;
        var clock = new ManualTimeProvider();
        var establish = SecureConnection.EstablishAsync(StreamTransport.Create(server), isInitiator: false,
            new SecureConnectionOptions { TimeProvider = clock });

        await Eventually(() => establish.IsCompleted, clock, step: TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<ProtocolException>(() => establish);
        Assert.Equal(ProtocolException.Timeout, e.Code);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(20), $"timed out after {clock.Elapsed}");
        Assert.Equal(0, await silent.ReceiveAsync(new byte[1], SocketFlags.None).WaitAsync(Limit)); // we closed the socket
    }

    [Fact]
    public async Task Garbage_after_a_valid_handshake_is_a_typed_frame_error_and_closes_the_socket()
    {
        var (client, server) = await Tcp.ConnectedPairAsync();
        await using var peerTransport = StreamTransport.Create(client);
        var establish = SecureConnection.EstablishAsync(StreamTransport.Create(server), isInitiator: true);
        var peer = await RawPeer.HandshakeAsync(peerTransport, isInitiator: false).WaitAsync(Limit);
        await using var connection = await establish.WaitAsync(Limit);

        await peer.SendAsync(Convert.FromHexString("ffffffffffffffffff"));
        var e = await Assert.ThrowsAsync<ProtocolException>(() => connection.ReadFrameAsync().AsTask().WaitAsync(Limit));
        Assert.Equal(ProtocolException.BadVarint, e.Code);
        await Assert.ThrowsAsync<ProtocolException>(() => connection.FlushAsync().AsTask());
        await connection.DisposeAsync();
        var end = await peerTransport.Input.ReadAsync().AsTask().WaitAsync(Limit);
        Assert.True(end.IsCompleted);
    }

    internal static List<(ulong Channel, MessageType Type, byte[] Body)> RandomFrames(Random random, int count)
    {
        var frames = new List<(ulong, MessageType, byte[])>();
        for (var i = 0; i < count; i++)
        {
            var channel = (ulong)random.Next(0, 40);
            switch (random.Next(4))
            {
                case 0:
                    var value = new byte[random.Next(3) == 0 ? random.Next(0, 200_000) : random.Next(0, 2000)];
                    random.NextBytes(value);
                    var hash = new byte[32];
                    random.NextBytes(hash);
                    frames.Add((channel, MessageType.Data, WireMessages.Data((ulong)i, value, [WireMessages.Node(2, hash, 33)], new byte[64]).ToByteArray()));
                    break;
                case 1:
                    frames.Add((channel, MessageType.Request, WireMessages.Request((ulong)random.Next(), nodes: 0).ToByteArray()));
                    break;
                case 2:
                    var payload = new byte[random.Next(0, 300)];
                    random.NextBytes(payload);
                    var body = new byte[Varint.Size(3) + payload.Length];
                    Varint.Write(body, 3);
                    payload.CopyTo(body, 1);
                    frames.Add((0, MessageType.Extension, body));
                    break;
                default:
                    frames.Add((channel, MessageType.Close, []));
                    break;
            }
        }
        return frames;
    }

    internal static async Task<List<(ulong Channel, MessageType Type, byte[] Body)>> SendThenCompleteAsync(
        SecureConnection connection, List<(ulong Channel, MessageType Type, byte[] Body)> frames, Random random)
    {
        for (var i = 0; i < frames.Count;)
        {
            var batch = random.Next(1, 12);
            for (; batch > 0 && i < frames.Count; batch--, i++)
                connection.WriteFrame(frames[i].Channel, frames[i].Type, frames[i].Body);
            await connection.FlushAsync();
        }
        await connection.CompleteAsync();
        return [];
    }

    internal static async Task<List<(ulong Channel, MessageType Type, byte[] Body)>> ReadAllAsync(SecureConnection connection)
    {
        var frames = new List<(ulong, MessageType, byte[])>();
        while (await connection.ReadFrameAsync() is { } frame)
            frames.Add((frame.Channel, frame.Type, System.Buffers.BuffersExtensions.ToArray(frame.Body)));
        return frames;
    }

    internal static void AssertSame(List<(ulong Channel, MessageType Type, byte[] Body)> expected, List<(ulong Channel, MessageType Type, byte[] Body)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].Channel, expected[i].Type), (actual[i].Channel, actual[i].Type));
            Assert.True(expected[i].Body.AsSpan().SequenceEqual(actual[i].Body), $"body of frame {i} differs");
        }
    }

    /// <summary>Moves the fake clock in steps until <paramref name="done"/> (bounded by real time).</summary>
    internal static async Task Eventually(Func<bool> done, ManualTimeProvider clock, TimeSpan step)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached");
            clock.Advance(step);
            await Task.Delay(20);
        }
    }
}

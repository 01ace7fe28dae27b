using Kappa.Protocol.Messages;
using Kappa.Protocol.Tests.Support;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Tests.Transport;

/// <summary>Idle timeout and keep-alives on a fake clock (hypercore-protocol's 20 s / 10 s).</summary>
public class SecureConnectionLivenessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static async Task<(SecureConnection Connection, RawPeer Peer, ManualTimeProvider Clock)> ConnectAsync(TimeSpan? timeout = null)
    {
        var clock = new ManualTimeProvider();
        var (local, remote) = DuplexPipe.CreatePair();
        var establish = SecureConnection.EstablishAsync(local, isInitiator: true,
            new SecureConnectionOptions { TimeProvider = clock, IdleTimeout = timeout ?? TimeSpan.FromSeconds(20) });
        var peer = await RawPeer.HandshakeAsync(remote, isInitiator: false).WaitAsync(Limit);
        return (await establish.WaitAsync(Limit), peer, clock);
    }

    [Fact]
    public async Task A_silent_peer_times_out_after_exactly_the_idle_timeout()
    {
        var (connection, _, clock) = await ConnectAsync();
        await using var _c = connection;
        var read = connection.ReadFrameAsync().AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(19_999));
        await Task.Delay(50);
        Assert.False(read.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var e = await Assert.ThrowsAsync<ProtocolException>(() => read.WaitAsync(Limit));
        Assert.Equal(ProtocolException.Timeout, e.Code);
        Assert.Equal(ProtocolException.Timeout, (connection.Failure as ProtocolException)?.Code);
    }

    [Fact]
    public async Task Every_received_byte_restarts_the_idle_timeout()
    {
        var (connection, peer, clock) = await ConnectAsync();
        await using var _c = connection;
        var read = connection.ReadFrameAsync().AsTask();
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            await peer.SendAsync([0x00]); // keep-alive
            await Task.Delay(50);
            Assert.False(read.IsCompleted);
        }
        await peer.SendAsync(Convert.FromHexString("03230802"));
        var frame = await read.WaitAsync(Limit);
        Assert.Equal(MessageType.Have, frame!.Value.Type);
    }

    [Fact]
    public async Task Not_reading_is_not_the_remotes_silence()
    {
        var (connection, _, clock) = await ConnectAsync();
        await using var _c = connection;
        clock.Advance(TimeSpan.FromSeconds(60)); // nobody waits for bytes
        Assert.Null(connection.Failure);
        var read = connection.ReadFrameAsync().AsTask();
        clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(ProtocolException.Timeout, (await Assert.ThrowsAsync<ProtocolException>(() => read.WaitAsync(Limit))).Code);
    }

    [Fact]
    public async Task A_keep_alive_goes_out_after_half_the_timeout_of_send_silence()
    {
        var (connection, peer, clock) = await ConnectAsync();
        await using var _c = connection;
        clock.Advance(TimeSpan.FromMilliseconds(9_999));
        await Task.Delay(50);
        Assert.Equal(0, peer.Available());

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([0x00], await peer.ReceiveAsync(1).WaitAsync(Limit));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([0x00], await peer.ReceiveAsync(1).WaitAsync(Limit));
    }

    [Fact]
    public async Task Sending_frames_postpones_the_keep_alive()
    {
        var (connection, peer, clock) = await ConnectAsync();
        await using var _c = connection;
        clock.Advance(TimeSpan.FromSeconds(6));
        connection.WriteFrame(1, MessageType.Close, WireMessages.Close());
        await connection.FlushAsync();
        Assert.Equal(Convert.FromHexString("011a"), await peer.ReceiveAsync(2).WaitAsync(Limit));

        clock.Advance(TimeSpan.FromSeconds(4)); // 10 s after the handshake, 4 s after the frame
        await Task.Delay(50);
        Assert.Equal(0, peer.Available());
        clock.Advance(TimeSpan.FromSeconds(6)); // 10 s after the frame
        Assert.Equal([0x00], await peer.ReceiveAsync(1).WaitAsync(Limit));
    }

    [Fact]
    public async Task No_keep_alive_after_the_output_is_completed()
    {
        var (connection, peer, clock) = await ConnectAsync();
        await using var _c = connection;
        await connection.CompleteAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        var end = await peer.Pipe.Input.ReadAsync().AsTask().WaitAsync(Limit);
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
    }

    [Fact]
    public async Task A_zero_timeout_disables_both_timers()
    {
        var (connection, peer, clock) = await ConnectAsync(TimeSpan.Zero);
        await using var _c = connection;
        var read = connection.ReadFrameAsync().AsTask();
        clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(50);
        Assert.False(read.IsCompleted);
        Assert.Equal(0, peer.Available());
    }
}

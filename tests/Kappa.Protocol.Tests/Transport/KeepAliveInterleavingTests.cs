using Kappa.Protocol.Messages;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Transport;

public class KeepAliveInterleavingTests
{
    [Fact]
    public async Task Frames_sent_between_keep_alives_all_arrive_over_tcp()
    {
        var (c, s) = await Loopback.ConnectedPairAsync();
        var options = new SecureConnectionOptions { IdleTimeout = TimeSpan.FromMilliseconds(400) };
        var both = await Task.WhenAll(SecureConnection.EstablishAsync(StreamTransport.Create(c), true, options), SecureConnection.EstablishAsync(StreamTransport.Create(s), false, options));
        await using var a = both[0];
        await using var b = both[1];
        var received = new List<ulong>();
        var reader = Task.Run(async () =>
        {
            while (received.Count < 6 && await b.ReadFrameAsync() is { } f)
                received.Add(MessageCodec.Decode<Have>(f.Body).Start);
        });
        var drainA = Task.Run(async () => { while (await a.ReadFrameAsync() is not null) { } });
        for (ulong i = 0; i < 6; i++)
        {
            a.WriteFrame(1, MessageType.Have, WireMessages.Have(i));
            await a.FlushAsync();
            await Task.Delay(450); // long enough for a keep-alive to go out in between
        }
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0UL, 1, 2, 3, 4, 5], received);
    }

    [Fact]
    public async Task Empty_flushes_do_not_hold_back_keep_alives()
    {
        var (c, s) = await Loopback.ConnectedPairAsync();
        var options = new SecureConnectionOptions { IdleTimeout = TimeSpan.FromMilliseconds(600) };
        var both = await Task.WhenAll(SecureConnection.EstablishAsync(StreamTransport.Create(c), true, options), SecureConnection.EstablishAsync(StreamTransport.Create(s), false, options));
        await using var a = both[0];
        await using var b = both[1];
        var readB = b.ReadFrameAsync().AsTask();
        var drainA = Task.Run(async () => { while (await a.ReadFrameAsync() is not null) { } });
        // A caller that flushes often with nothing queued (as a session's writer does on timer ticks).
        for (var i = 0; i < 20; i++)
        {
            await a.FlushAsync();
            await Task.Delay(100);
        }
        Assert.False(readB.IsCompleted, readB.Exception?.GetBaseException().Message);
        a.WriteFrame(1, MessageType.Have, WireMessages.Have(7));
        await a.FlushAsync();
        var frame = await readB.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(7UL, MessageCodec.Decode<Have>(frame!.Value.Body).Start);
    }
}

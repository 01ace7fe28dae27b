using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Kappa.Server.Tests;

/// <summary>Live events over Kestrel on loopback with clients that read slowly or vanish.</summary>
public sealed class SlowClientTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_client_that_never_reads_blocks_neither_appends_nor_other_clients_and_is_cut_off()
    {
        await using var server = await StoreServer.StartAsync(kestrel: true, options: KappaServerOptions.Default with { EventQueueCapacity = 1024 });
        using var stuck = await OpenRawEventStreamAsync(server.BaseAddress);
        var (response, events) = await ServerSentEvents.OpenAsync(server.Client);
        using var _ = response;
        await using var __ = events;
        await WaitUntilAsync(() => server.Hub.ClientCount == 2);

        // 10 000 entries of 2 KiB (20 MB): far more than the stuck client's socket buffers and queue
        // hold. The reading client reads each batch before the next is appended, so only the stuck
        // client can fall behind, however busy the machine is.
        var writer = await server.Core.WriterAsync("bulk");
        var payload = new string('x', 2048);
        long next = 0;
        for (var i = 0; i < 100; i++)
        {
            await writer.AppendBatchAsync(Enumerable.Range(i * 100, 100).Select(n => new { n, payload })).AsTask().WaitAsync(Guard);
            while (next < (i + 1) * 100)
            {
                Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard), "the reading client's stream ended");
                if (events.Current.Type != "entry") continue;
                Assert.Equal(next, JsonDocument.Parse(events.Current.Data).RootElement.GetProperty("seq").GetInt64());
                next++;
            }
        }
        Assert.Equal(10_000, writer.Length);
        await WaitUntilAsync(() => server.Hub.ClientCount == 1);
    }

    [Fact]
    public async Task A_client_that_disconnects_is_removed()
    {
        await using var server = await StoreServer.StartAsync(kestrel: true, options: KappaServerOptions.Default with { EventHeartbeat = TimeSpan.FromMilliseconds(200) });
        var stuck = await OpenRawEventStreamAsync(server.BaseAddress);
        await WaitUntilAsync(() => server.Hub.ClientCount == 1);
        stuck.Dispose();
        await WaitUntilAsync(() => server.Hub.ClientCount == 0);
        var w = await server.Core.WriterAsync("after");
        await w.AppendAsync(1).AsTask().WaitAsync(Guard);
    }

    /// <summary>A raw TCP client that asks for the event stream and then never reads a byte.</summary>
    private static async Task<Socket> OpenRawEventStreamAsync(Uri server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(server.Host, server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /api/events HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: text/event-stream\r\n\r\n"));
        return socket;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(20);
        }
    }
}

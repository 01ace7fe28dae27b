using System.Net;
using System.Net.Sockets;
using Kappa.Multifeed.Store;
using Kappa.Swarm.Discovery;
using Kappa.TestSupport;
using static Kappa.Swarm.Tests.Swarm.SwarmFixture;

namespace Kappa.Swarm.Tests.Swarm;

public class KappaSwarmTests
{
    [Fact]
    public async Task Two_swarms_replicate_every_feed_live_over_tcp()
    {
        using var dir = new TempDirectory("swarm");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await (await a.WriterAsync("a")).AppendBatchAsync(Enumerable.Range(0, 20));
        await (await b.WriterAsync("b")).AppendBatchAsync(Enumerable.Range(0, 7).Select(i => $"b{i}"));
        await using var sa = await a.JoinSwarmAsync(Loopback());
        await using var sb = await b.JoinSwarmAsync(Loopback());
        sa.AddPeer(EndPoint(sb));
        await WaitUntilAsync(() => Entries(a) == 27 && Entries(b) == 27, "both stores hold 27 entries");

        // live: an append after the sync reaches the other side over the same connection
        await (await b.WriterAsync("b")).AppendAsync("late");
        await WaitUntilAsync(() => Entries(a) == 28, "the late entry arrived");
        Assert.Equal(await DumpAsync(a), await DumpAsync(b));

        var peer = Assert.Single(sa.Peers);
        Assert.True(peer.IsInitiator);
        Assert.Equal(PeerSource.Manual, peer.Source);
        Assert.Equal(8, peer.BlocksIn);
        Assert.Equal(20, peer.BlocksOut);
        Assert.Equal(PeerSource.Incoming, Assert.Single(sb.Peers).Source);
    }

    [Fact]
    public async Task A_non_live_swarm_reports_a_completed_sync_with_the_peer()
    {
        using var dir = new TempDirectory("swarm");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await (await a.WriterAsync("a")).AppendBatchAsync(Enumerable.Range(0, 5));
        await (await b.WriterAsync("b")).AppendBatchAsync(Enumerable.Range(0, 3));
        await using var sa = await a.JoinSwarmAsync(Loopback(live: false));
        await using var sb = await b.JoinSwarmAsync(Loopback(live: false));
        var synced = new TaskCompletionSource<SwarmSync>(TaskCreationOptions.RunContinuationsAsynchronously);
        sa.Synced += (_, s) => synced.TrySetResult(s);
        sa.AddPeer(EndPoint(sb));
        var sync = await synced.Task.WaitAsync(Wait);
        Assert.Equal(3, sync.Result.Progress.BlocksReceived);
        Assert.Equal(5, sync.Result.Progress.BlocksSent);
        Assert.Equal(await DumpAsync(a), await DumpAsync(b));
    }

    [Fact]
    public async Task A_lost_peer_is_redialled_when_it_comes_back_on_the_same_port()
    {
        using var dir = new TempDirectory("swarm");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await (await a.WriterAsync("a")).AppendAsync(1);
        // hyperswarm's redial delays (1, 5, 15 s): the peer is back well within them, however slow the machine
        await using var sa = await a.JoinSwarmAsync(Loopback() with { Backoff = SwarmOptions.Default.Backoff });
        int port;
        await using (var b = await FeedStore.OpenAsync(dir.Combine("b")))
        {
            await using var sb = await b.JoinSwarmAsync(Loopback());
            port = sb.Port;
            sa.AddPeer(EndPoint(sb));
            await WaitUntilAsync(() => Entries(b) == 1, "b got a's entry");
        }
        await (await a.WriterAsync("a")).AppendAsync(2);
        await using var b2 = await FeedStore.OpenAsync(dir.Combine("b"));
        await using var sb2 = await b2.JoinSwarmAsync(Loopback() with { Port = port });
        await WaitUntilAsync(() => Entries(b2) == 2, "the restarted peer got the new entry through a redial");
    }

    [Fact]
    public async Task A_peer_that_sends_garbage_is_dropped_and_banned_and_the_swarm_keeps_serving()
    {
        using var dir = new TempDirectory("swarm");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await (await a.WriterAsync("a")).AppendAsync(1);
        await using var sa = await a.JoinSwarmAsync(Loopback());
        using var hostile = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        hostile.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        hostile.Listen();
        var accepted = 0;
        var serve = Task.Run(async () =>
        {
            while (true)
            {
                using var s = await hostile.AcceptAsync();
                Interlocked.Increment(ref accepted);
                try { await s.SendAsync(Enumerable.Repeat((byte)0xff, 4096).ToArray()); } catch (SocketException) { }
                await Task.Delay(300);
            }
        });
        var address = (IPEndPoint)hostile.LocalEndPoint!;
        sa.AddPeer(address);
        await WaitUntilAsync(() => Volatile.Read(ref accepted) == 1 && sa.Peers.Count == 0, "the garbage peer was dropped");
        await Task.Delay(1500); // longer than every backoff delay: a banned address is not redialled
        sa.AddPeer(address);
        await Task.Delay(300);
        Assert.Equal(1, Volatile.Read(ref accepted));

        // a good peer still syncs
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await using var sb = await b.JoinSwarmAsync(Loopback());
        sb.AddPeer(EndPoint(sa));
        await WaitUntilAsync(() => Entries(b) == 1, "a good peer synced after the garbage one");
    }

    [Fact]
    public async Task A_flood_of_idle_connections_is_capped_at_the_peer_limit()
    {
        using var dir = new TempDirectory("swarm");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var sa = await a.JoinSwarmAsync(Loopback() with { MaxPeers = 8, HandshakeTimeout = TimeSpan.FromSeconds(2) });
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 100; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(s);
                await s.ConnectAsync(EndPoint(sa));
            }
            // the ones past the limit are closed at once: reading them ends
            var closed = 0;
            foreach (var s in sockets)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try { if (await s.ReceiveAsync(new byte[64], SocketFlags.None, cts.Token) == 0) closed++; }
                catch (Exception e) when (e is SocketException or OperationCanceledException) { closed++; }
            }
            Assert.True(closed >= 92, $"{closed} of 100 connections were refused or timed out");
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
        // the silent ones time out in the handshake; afterwards a real peer gets in
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await (await b.WriterAsync("b")).AppendAsync("x");
        await using var sb = await b.JoinSwarmAsync(Loopback());
        sb.AddPeer(EndPoint(sa));
        await WaitUntilAsync(() => Entries(a) == 1, "a real peer got in after the flood");
    }

    [Fact]
    public async Task A_flood_of_bogus_addresses_keeps_the_address_book_bounded_and_a_real_peer_still_syncs()
    {
        using var dir = new TempDirectory("swarm");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var sa = await a.JoinSwarmAsync(Loopback() with { MaxKnownAddresses = 100, DialTimeout = TimeSpan.FromSeconds(1) });
        // 127.0.0.0/8 is all loopback: 5000 addresses where (almost surely) nobody listens
        for (var i = 0; i < 5000; i++)
            sa.AddPeer(new IPEndPoint(new IPAddress([127, 13, (byte)(i >> 8), (byte)i]), 9));
        Assert.InRange(sa.KnownAddresses, 1, 100);

        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await (await b.WriterAsync("b")).AppendAsync("x");
        await using var sb = await b.JoinSwarmAsync(Loopback());
        // as a discovery would, it is reported again until there is room to dial it
        await WaitUntilAsync(() =>
        {
            sa.AddPeer(EndPoint(sb));
            return Entries(a) == 1;
        }, "a real peer synced during the flood");
        Assert.InRange(sa.KnownAddresses, 1, 100);
    }
}

using System.Net;
using System.Net.Sockets;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using static Kappa.Swarm.Tests.Swarm.SwarmFixture;

namespace Kappa.Swarm.Tests.Swarm;

/// <summary>peer-id on swarm connections: RemoteId, and hyperswarm's deduplication by it (loopback only).</summary>
public class DeduplicationTests
{
    private static readonly string Small = string.Concat(Enumerable.Repeat("01", 32));
    private static readonly string Large = string.Concat(Enumerable.Repeat("fe", 32));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_swarms_that_dial_each_other_both_keep_only_the_connection_the_smaller_id_dialled(bool aIsSmaller)
    {
        using var dir = new TempDirectory("dedupe");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        var (idA, idB) = aIsSmaller ? (Small, Large) : (Large, Small);
        await using var sa = await a.JoinSwarmAsync(Loopback() with { PeerId = idA });
        await using var sb = await b.JoinSwarmAsync(Loopback() with { PeerId = idB });
        var connectedA = 0;
        var connectedB = 0;
        sa.PeerConnected += (_, _) => Interlocked.Increment(ref connectedA);
        sb.PeerConnected += (_, _) => Interlocked.Increment(ref connectedB);

        sa.AddPeer(EndPoint(sb));
        sb.AddPeer(EndPoint(sa));
        await WaitUntilAsync(() => Volatile.Read(ref connectedA) >= 2 && Volatile.Read(ref connectedB) >= 2, "both connections were made");
        await WaitUntilAsync(() => sa.Peers.Count == 1 && sb.Peers.Count == 1, "one connection is left on each side");

        var keptByA = Assert.Single(sa.Peers);
        var keptByB = Assert.Single(sb.Peers);
        Assert.Equal(idB, keptByA.RemoteId);
        Assert.Equal(idA, keptByB.RemoteId);
        Assert.Equal(aIsSmaller, keptByA.IsInitiator); // the side with the smaller id is the dialler
        Assert.Equal(!aIsSmaller, keptByB.IsInitiator);
        var dialled = aIsSmaller ? keptByA : keptByB; // the dialler's view names the listener's port
        Assert.Equal(aIsSmaller ? sb.Port : sa.Port, dialled.Address.Port);

        // The kept connection replicates live.
        await (await a.WriterAsync("a")).AppendAsync("after dedupe");
        await WaitUntilAsync(() => Entries(b) == 1, "the entry reached b over the kept connection");
        Assert.Equal(2, Volatile.Read(ref connectedA)); // the dropped dial was not redialled while the kept one lives
    }

    [Fact]
    public async Task Each_connection_reports_the_peers_id_and_raises_PeerIdentified()
    {
        using var dir = new TempDirectory("peer-id");
        await using var a = await FeedStore.OpenAsync(dir.Combine("a"));
        await using var b = await FeedStore.OpenAsync(dir.Combine("b"));
        await using var sa = await a.JoinSwarmAsync(Loopback() with { PeerId = Small });
        await using var sb = await b.JoinSwarmAsync(Loopback()); // a random id
        var identified = new TaskCompletionSource<SwarmPeer>(TaskCreationOptions.RunContinuationsAsynchronously);
        sb.PeerIdentified += (_, p) => identified.TrySetResult(p);
        sa.AddPeer(EndPoint(sb));

        var peer = await identified.Task.WaitAsync(Wait);
        Assert.Equal(Small, peer.RemoteId);
        Assert.True(PeerIdExtension.IsId(sb.PeerId));
        await WaitUntilAsync(() => sa.Peers.SingleOrDefault()?.RemoteId == sb.PeerId, "a knows b's random id");
    }

    [Fact]
    public async Task A_peer_sending_a_malformed_peer_id_keeps_its_connection_without_a_RemoteId()
    {
        using var dir = new TempDirectory("peer-id-bad");
        await using var swarmStore = await FeedStore.OpenAsync(dir.Combine("swarm"));
        await (await swarmStore.WriterAsync("s")).AppendAsync("from the swarm");
        await using var swarm = await swarmStore.JoinSwarmAsync(Loopback(live: false));
        await using var plain = await FeedStore.OpenAsync(dir.Combine("plain"));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(EndPoint(swarm));
        var options = new ReplicationOptions
        {
            Extensions = [new ReplicationExtension(PeerIdExtension.Name) { OpenPayload = "{\"id\":\"not hex at all\"}"u8.ToArray() }],
        };
        var synced = new TaskCompletionSource<SwarmSync>(TaskCreationOptions.RunContinuationsAsynchronously);
        swarm.Synced += (_, s) => synced.TrySetResult(s);

        var result = await plain.ReplicateAsync(socket, isInitiator: true, options).WaitAsync(Wait);

        Assert.Equal(1, result.Progress.BlocksReceived);
        var sync = await synced.Task.WaitAsync(Wait);
        Assert.Null(sync.Peer.RemoteId);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Core;
using Kappa.Swarm;
using Kappa.TestSupport;

namespace Kappa.Server.Tests;

/// <summary>A server whose store is on a (loopback) swarm: peers in the API and as events, their entries live.</summary>
public sealed class PeersTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_peer_that_connects_is_listed_its_entries_stream_in_and_its_leaving_is_an_event()
    {
        await using var server = await StoreServer.StartAsync(joinSwarm: core => core.Store.JoinSwarmAsync(LoopbackSwarm.Options));
        var (response, events) = await ServerSentEvents.OpenAsync(server.Client);
        using var _ = response;
        await using var __ = events;

        using var peerDir = new TempDirectory("serve-swarm-peer");
        await using var peer = await KappaCore.OpenAsync(peerDir.Path);
        var writer = await peer.WriterAsync("second-node");
        var peerSwarm = await peer.Store.JoinSwarmAsync(LoopbackSwarm.Options);
        try
        {
            peerSwarm.AddPeer(LoopbackSwarm.EndPoint(server.Swarm!));
            var connected = await NextAsync(events, e => e.Type == "peer");
            Assert.Equal("connected", JsonDocument.Parse(connected.Data).RootElement.GetProperty("state").GetString());
            var peers = await server.Client.GetFromJsonAsync<JsonElement[]>("api/peers");
            Assert.Single(peers!);

            await writer.AppendAsync(new { text = "from the second node" });
            var entry = await NextAsync(events, e => e.Type == "entry" && e.Data.Contains(writer.Key.ToString(), StringComparison.Ordinal));
            Assert.Equal("from the second node", JsonDocument.Parse(entry.Data).RootElement.GetProperty("value").GetProperty("text").GetString());
        }
        finally { await peerSwarm.DisposeAsync(); }
        var gone = await NextAsync(events, e => e.Type == "peer" && e.Data.Contains("\"gone\"", StringComparison.Ordinal));
        Assert.NotNull(gone);
    }

    private static async Task<Sse> NextAsync(IAsyncEnumerator<Sse> events, Func<Sse, bool> match)
    {
        while (true)
        {
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard), "the event stream ended");
            if (match(events.Current)) return events.Current;
        }
    }
}

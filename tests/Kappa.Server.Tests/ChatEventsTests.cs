using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Chat;
using Kappa.TestSupport;

namespace Kappa.Server.Tests;

/// <summary><c>chat</c> events: every new message, ours or replicated from a peer, once indexed, with nick and cursor.</summary>
public sealed class ChatEventsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Messages_sent_here_and_replicated_from_a_peer_arrive_as_chat_events_readable_at_once()
    {
        await using var server = await CabalServer.StartAsync(seed: async c =>
        {
            await c.SetNickAsync("server");
            await c.SendAsync("from before the client connected");
        }, swarm: true);
        var (response, events) = await ServerSentEvents.OpenAsync(server.Client);
        using var _ = response;
        await using var __ = events;

        using (var sent = await server.Client.PostAsJsonAsync("api/chat/channels/default/messages", new { text = "through the API" }))
            sent.EnsureSuccessStatusCode();
        await server.Cabal.EmoteAsync("writes directly", "misc");
        var first = await NextChatAsync(events);
        Assert.Equal(("default", "chat/text", "through the API", "server"), (first.Str("channel"), first.Str("type"), first.Str("text"), first.Str("name")));
        var second = await NextChatAsync(events);
        Assert.Equal(("misc", "chat/emote", "writes directly"), (second.Str("channel"), second.Str("type"), second.Str("text")));
        // Sent once indexed: the page read right after the event holds it, at the event's cursor.
        var page = await server.Client.GetFromJsonAsync<JsonElement[]>("api/chat/channels/misc/messages");
        Assert.Equal(second.Str("cursor"), Assert.Single(page!).Str("cursor"));

        using var peerDir = new TempDirectory("serve-cabal-peer");
        await using var peer = await Cabal.OpenAsync(peerDir.Path, server.Cabal.Key);
        await peer.SetNickAsync("peer");
        await peer.SendAsync("replicated from a peer");
        var swarm = await peer.JoinSwarmAsync(LoopbackSwarm.Options);
        try
        {
            swarm.AddPeer(LoopbackSwarm.EndPoint(server.Swarm!));
            var replicated = await NextChatAsync(events);
            Assert.Equal(("replicated from a peer", "peer", peer.LocalKey), (replicated.Str("text"), replicated.Str("name"), replicated.Str("key")));
        }
        finally { await swarm.DisposeAsync(); }
    }

    private static async Task<JsonElement> NextChatAsync(IAsyncEnumerator<Sse> events)
    {
        while (true)
        {
            Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Guard), "the event stream ended");
            if (events.Current.Type == "chat") return JsonDocument.Parse(events.Current.Data).RootElement;
        }
    }
}

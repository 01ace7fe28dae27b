using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Server.Tests;

/// <summary>The chat endpoints over a real cabal: channels, topics, nicks, sending, and paging with cursors.</summary>
public sealed class ChatApiTests
{
    private const double T0 = 1_700_000_000_000;

    [Fact]
    public async Task The_cabal_is_described_by_its_key_our_writer_and_our_nick()
    {
        await using var server = await CabalServer.StartAsync(seed: c => c.SetNickAsync("server").AsTask());
        var info = await server.Client.GetFromJsonAsync<JsonElement>("api/chat");
        Assert.Equal(server.Cabal.Key.ToString(), info.Str("key"));
        Assert.StartsWith("cabal://", info.Str("key"), StringComparison.Ordinal);
        Assert.Equal(server.Cabal.LocalKey, info.Str("local"));
        Assert.Equal("server", info.Str("nick"));
    }

    [Fact]
    public async Task Channels_come_with_their_topics_and_member_counts()
    {
        await using var server = await CabalServer.StartAsync(seed: async c =>
        {
            await c.SendAsync("hi", "default");
            await c.JoinAsync("misc");
            await c.SetTopicAsync("misc", "anything else");
        });
        var channels = (await server.Client.GetFromJsonAsync<JsonElement[]>("api/chat/channels"))!;
        Assert.Equal(["default", "misc"], channels.Select(c => c.Str("name")));
        Assert.Equal(JsonValueKind.Null, channels[0].GetProperty("topic").ValueKind);
        Assert.Equal("anything else", channels[1].Str("topic"));
        Assert.Equal(1, channels[1].GetProperty("members").GetInt32());
    }

    [Fact]
    public async Task A_message_sent_through_the_API_is_a_cabal_core_entry_and_reads_back_with_the_nick()
    {
        await using var server = await CabalServer.StartAsync();
        using (var nick = await server.Client.PutAsJsonAsync("api/chat/nick", new { name = "webby" }))
            Assert.Equal(HttpStatusCode.OK, nick.StatusCode);
        using var sent = await server.Client.PostAsJsonAsync("api/chat/channels/town%20hall/messages", new { text = "hello, town" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var reply = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(server.Cabal.LocalKey, reply.Str("key"));
        Assert.Equal($"{reply.Str("key")}@{reply.GetProperty("seq").GetInt64()}", reply.Str("cursor"));
        using (var emote = await server.Client.PostAsJsonAsync("api/chat/channels/town%20hall/messages", new { text = "waves", type = "chat/emote" }))
            Assert.Equal(HttpStatusCode.Created, emote.StatusCode);
        using (var topic = await server.Client.PostAsJsonAsync("api/chat/channels/town%20hall/messages", new { text = "civic matters", type = "chat/topic" }))
            Assert.Equal(HttpStatusCode.Created, topic.StatusCode);

        // The block is what cabal-core's publish writes: {type, content: {channel, text}, timestamp}.
        var block = JsonDocument.Parse((await server.Cabal.Local.GetRawAsync(reply.GetProperty("seq").GetInt64())).ToArray()).RootElement;
        Assert.Equal("chat/text", block.Str("type"));
        Assert.Equal("town hall", block.GetProperty("content").Str("channel"));
        Assert.Equal("hello, town", block.GetProperty("content").Str("text"));

        var page = (await server.Client.GetFromJsonAsync<JsonElement[]>("api/chat/channels/town%20hall/messages"))!;
        Assert.Equal(["chat/text:hello, town", "chat/emote:waves", "chat/topic:civic matters"], page.Select(m => m.Str("type") + ":" + m.Str("text")));
        Assert.All(page, m => Assert.Equal("webby", m.Str("name")));
        Assert.All(page, m => Assert.Equal("town hall", m.Str("channel")));
        // The store's own endpoints show a cabal's entries as the JSON they are.
        var entries = (await server.Client.GetFromJsonAsync<JsonElement[]>($"api/feeds/{server.Cabal.LocalKey}/entries"))!;
        Assert.Equal("about", entries[0].GetProperty("value").Str("type"));
        Assert.Equal("hello, town", entries[1].GetProperty("value").GetProperty("content").Str("text"));
        var channels = await server.Client.GetFromJsonAsync<JsonElement[]>("api/chat/channels");
        Assert.Equal("civic matters", Assert.Single(channels!, c => c.Str("name") == "town hall").Str("topic"));
    }

    [Fact]
    public async Task Paging_back_and_forward_with_cursors_never_skips_or_repeats_and_follows_the_claimed_timestamps()
    {
        // Written out of timestamp order: the channel is ordered by claimed timestamp, not by arrival.
        var order = Enumerable.Range(0, 25).Select(i => (i * 7) % 25).ToArray();
        await using var server = await CabalServer.StartAsync(seed: async c =>
        {
            foreach (var i in order) await c.SendAsync($"m{i:00}", "default", T0 + i);
        });
        var oldestFirst = Enumerable.Range(0, 25).Select(i => $"m{i:00}").ToArray();

        var newest = await Page("limit=10");
        Assert.Equal(oldestFirst[15..], newest.Select(Text));
        var older = await Page($"limit=10&before={newest[0].Str("cursor")}");
        Assert.Equal(oldestFirst[5..15], older.Select(Text));
        var oldest = await Page($"limit=10&before={older[0].Str("cursor")}");
        Assert.Equal(oldestFirst[..5], oldest.Select(Text));
        Assert.Empty(await Page($"limit=10&before={oldest[0].Str("cursor")}"));

        var forward = await Page($"limit=12&after={oldest[^1].Str("cursor")}");
        Assert.Equal(oldestFirst[5..17], forward.Select(Text));
        Assert.Equal(oldestFirst[17..], (await Page($"after={forward[^1].Str("cursor")}")).Select(Text));

        async Task<JsonElement[]> Page(string query) => (await server.Client.GetFromJsonAsync<JsonElement[]>("api/chat/channels/default/messages?" + query))!;
    }

    private static string Text(JsonElement m) => m.Str("text");
}

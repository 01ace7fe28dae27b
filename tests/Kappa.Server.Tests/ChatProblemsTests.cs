using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Kappa.Server.Tests;

/// <summary>Bad chat requests get RFC 7807 problems with KAPPA_* codes, and nothing is written.</summary>
public sealed class ChatProblemsTests
{
    [Fact]
    public async Task A_store_that_is_not_a_cabal_answers_every_chat_endpoint_with_not_cabal()
    {
        await using var server = await StoreServer.StartAsync();
        foreach (var path in new[] { "api/chat", "api/chat/channels", "api/chat/channels/default/messages" })
            await Problems.AssertProblemAsync(await server.Client.GetAsync(path), HttpStatusCode.NotFound, "KAPPA_HTTP_NOT_CABAL");
        await Problems.AssertProblemAsync(await server.Client.PostAsJsonAsync("api/chat/channels/default/messages", new { text = "hi" }), HttpStatusCode.NotFound, "KAPPA_HTTP_NOT_CABAL");
        Assert.DoesNotContain(server.Core.Feeds, f => f.Length > 0);
    }

    [Fact]
    public async Task Bad_page_requests_get_problems()
    {
        await using var server = await CabalServer.StartAsync(seed: c => c.SendAsync("only", "default").AsTask());
        var messages = "api/chat/channels/default/messages";
        var other = Convert.ToHexStringLower(new byte[32]);
        await Expect(await server.Client.GetAsync(messages + "?limit=0"), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.GetAsync(messages + "?limit=1001"), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.GetAsync(messages + "?before=nonsense"), HttpStatusCode.BadRequest, "KAPPA_HTTP_BAD_KEY");
        await Expect(await server.Client.GetAsync(messages + $"?before={other}@0"), HttpStatusCode.BadRequest, "KAPPA_LIST_UNKNOWN_ENTRY");
        await Expect(await server.Client.GetAsync(messages + $"?before={server.Cabal.LocalKey}@0&after={server.Cabal.LocalKey}@0"), HttpStatusCode.BadRequest, "KAPPA_HTTP_BAD_REQUEST");
        // A cursor of one channel is not a place in another.
        await Expect(await server.Client.GetAsync($"api/chat/channels/misc/messages?after={server.Cabal.LocalKey}@0"), HttpStatusCode.BadRequest, "KAPPA_LIST_UNKNOWN_ENTRY");
        await Expect(await server.Client.GetAsync("api/chat/channels/bad%01name/messages"), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.GetAsync($"api/chat/channels/{new string('c', 101)}/messages"), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
    }

    [Fact]
    public async Task Bad_messages_and_nicks_get_problems_and_nothing_is_written()
    {
        await using var server = await CabalServer.StartAsync(options: KappaServerOptions.Default with { MaxBodyBytes = 20_000 });
        var messages = "api/chat/channels/default/messages";
        var before = server.Cabal.Local.Length;
        await Expect(await server.Client.PostAsync(messages, new StringContent("hi", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "KAPPA_HTTP_MEDIA_TYPE");
        await Expect(await server.Client.PostAsync(messages, Json("{not json")), HttpStatusCode.BadRequest, "KAPPA_HTTP_BAD_JSON");
        await Expect(await server.Client.PostAsync(messages, Json("[1,2]")), HttpStatusCode.BadRequest, "KAPPA_HTTP_BAD_JSON");
        await Expect(await server.Client.PostAsync(messages, Json("null")), HttpStatusCode.BadRequest, "KAPPA_HTTP_BAD_JSON");
        await Expect(await server.Client.PostAsync(messages, Json("{}")), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.PostAsJsonAsync(messages, new { text = "  " }), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.PostAsJsonAsync(messages, new { text = new string('x', 10_001) }), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.PostAsJsonAsync(messages, new { text = "hi", type = "chat/shout" }), HttpStatusCode.BadRequest, "KAPPA_HTTP_BAD_REQUEST");
        await Expect(await server.Client.PostAsJsonAsync(messages, new { text = new string('x', 20_001) }), HttpStatusCode.RequestEntityTooLarge, "KAPPA_HTTP_TOO_LARGE");
        await Expect(await server.Client.PostAsJsonAsync("api/chat/channels/%20/messages", new { text = "hi" }), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.PutAsJsonAsync("api/chat/nick", new { name = "" }), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        await Expect(await server.Client.PutAsJsonAsync("api/chat/nick", new { name = "bell\u0007" }), HttpStatusCode.BadRequest, "KAPPA_HTTP_LIMIT");
        Assert.Equal(before, server.Cabal.Local.Length);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response) await Problems.AssertProblemAsync(response, status, code);
    }
}

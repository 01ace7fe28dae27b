using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kappa.Server.Problems;

namespace Kappa.Server.Tests;

/// <summary>POST /api/entries over a TestServer: what is stored, and what is refused (storing nothing).</summary>
public sealed class AppendApiTests : IAsyncLifetime
{
    private StoreServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await StoreServer.StartAsync(options: KappaServerOptions.Default with { MaxBodyBytes = 1024 });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static StringContent Json(string text, string mediaType = "application/json") => new(text, Encoding.UTF8, mediaType);

    private long StoredEntries => _server.Core.Feeds.Sum(f => f.Length);

    [Fact]
    public async Task Append_stores_the_value_as_JSON_stringify_writes_it_and_answers_201_with_key_and_seq()
    {
        using var first = await _server.Client.PostAsync("api/entries?writer=bob", Json("""{ "a" : 1.50, "b": [true, null, "x\u00e9"] }"""));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        Assert.Equal(0, created.GetProperty("seq").GetInt64());
        Assert.Equal($"/api/feeds/{key}/entries?start=0&limit=1", first.Headers.Location?.OriginalString);
        using var second = await _server.Client.PostAsync("api/entries?writer=bob", Json("2"));
        Assert.Equal(1, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64());

        var feed = _server.Core.Feed(key)!;
        Assert.Equal("bob", _server.Core.Store.NameOf(feed));
        var block = await feed.GetRawAsync(0);
        Assert.Equal("{\"a\":1.5,\"b\":[true,null,\"xé\"]}\n", Encoding.UTF8.GetString(block.Span));
    }

    [Fact]
    public async Task Append_without_a_writer_goes_to_the_local_writer()
    {
        using var response = await _server.Client.PostAsync("api/entries", Json("\"hi\""));
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        Assert.Equal("local", _server.Core.Store.NameOf(_server.Core.Feed(key)!));
    }

    [Theory]
    [InlineData("{bad")]
    [InlineData("1 2")]
    [InlineData("")]
    [InlineData("[1,")]
    public async Task Append_of_anything_but_one_JSON_value_is_400_KAPPA_HTTP_BAD_JSON_and_stores_nothing(string body)
    {
        using var response = await _server.Client.PostAsync("api/entries?writer=bad", Json(body));
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest, ServerException.BadJson);
        Assert.Equal(0, StoredEntries);
    }

    [Fact]
    public async Task Append_over_the_body_limit_is_413_KAPPA_HTTP_TOO_LARGE_and_stores_nothing()
    {
        using var response = await _server.Client.PostAsync("api/entries", Json("\"" + new string('x', 2000) + "\""));
        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ServerException.TooLarge);
        Assert.Equal(0, StoredEntries);
    }

    [Fact]
    public async Task Append_over_the_body_limit_without_a_length_is_413_too()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("\"" + new string('x', 5000) + "\"")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/entries") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _server.Client.SendAsync(request);
        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ServerException.TooLarge);
        Assert.Equal(0, StoredEntries);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Append_that_is_not_application_json_is_415_so_cross_site_forms_cannot_append(string mediaType)
    {
        using var response = await _server.Client.PostAsync("api/entries", Json("1", mediaType));
        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ServerException.UnsupportedMediaType);
        Assert.Equal(0, StoredEntries);
    }

    [Fact]
    public async Task Append_with_an_empty_or_overlong_writer_name_is_400_KAPPA_HTTP_LIMIT()
    {
        using var empty = await _server.Client.PostAsync("api/entries?writer=", Json("1"));
        await Problems.AssertProblemAsync(empty, HttpStatusCode.BadRequest, ServerException.Limit);
        using var longName = await _server.Client.PostAsync("api/entries?writer=" + new string('w', 101), Json("1"));
        await Problems.AssertProblemAsync(longName, HttpStatusCode.BadRequest, ServerException.Limit);
        Assert.Empty(_server.Core.Feeds);
    }

    [Fact]
    public async Task Get_on_the_append_path_is_a_405_problem_with_a_code()
    {
        using var response = await _server.Client.GetAsync("api/entries");
        await Problems.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, ServerException.MethodNotAllowed);
    }

    [Fact]
    public async Task Concurrent_appends_to_one_writer_each_get_their_own_seq()
    {
        var posts = Enumerable.Range(0, 64).Select(async i =>
        {
            using var r = await _server.Client.PostAsync("api/entries?writer=many", Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64();
        });
        var seqs = await Task.WhenAll(posts);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (long)i), seqs.Order());
    }
}

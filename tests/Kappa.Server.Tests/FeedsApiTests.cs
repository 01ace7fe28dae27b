using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Server.Problems;

namespace Kappa.Server.Tests;

/// <summary>GET /api/feeds and /api/feeds/{key}/entries over a TestServer.</summary>
public sealed class FeedsApiTests : IAsyncLifetime
{
    private StoreServer _server = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _server = await StoreServer.StartAsync(seed: async core =>
        {
            var w = await core.WriterAsync("alice");
            await w.AppendBatchAsync(Enumerable.Range(0, 250).Select(i => new { n = i, text = "é" + i }));
            await core.WriterAsync("empty");
        });
        _key = _server.Core.Store.NamedFeeds.Single(f => f.Name == "alice").Feed.Key.ToString();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Feeds_lists_each_feed_with_key_length_writable_and_name_in_store_order()
    {
        var feeds = await _server.Client.GetFromJsonAsync<JsonElement[]>("api/feeds");
        Assert.NotNull(feeds);
        Assert.Equal(["alice", "empty"], feeds.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(_key, feeds[0].GetProperty("key").GetString());
        Assert.Equal(250, feeds[0].GetProperty("length").GetInt64());
        Assert.True(feeds[0].GetProperty("writable").GetBoolean());
        Assert.Equal(0, feeds[1].GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task Entries_returns_a_page_of_key_seq_value_from_start()
    {
        var page = await _server.Client.GetFromJsonAsync<JsonElement[]>($"api/feeds/{_key}/entries?start=240&limit=5");
        Assert.NotNull(page);
        Assert.Equal([240L, 241, 242, 243, 244], page.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.All(page, e => Assert.Equal(_key, e.GetProperty("key").GetString()));
        Assert.Equal("""{"n":240,"text":"é240"}""", page[0].GetProperty("value").GetRawText());
    }

    [Fact]
    public async Task Entries_default_to_the_first_hundred_and_stop_at_the_end()
    {
        var first = await _server.Client.GetFromJsonAsync<JsonElement[]>($"api/feeds/{_key}/entries");
        Assert.Equal(100, first!.Length);
        var tail = await _server.Client.GetFromJsonAsync<JsonElement[]>($"api/feeds/{_key}/entries?start=200&limit=1000");
        Assert.Equal(50, tail!.Length);
        var past = await _server.Client.GetFromJsonAsync<JsonElement[]>($"api/feeds/{_key}/entries?start=5000");
        Assert.Empty(past!);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    public async Task A_malformed_key_is_400_with_KAPPA_HTTP_BAD_KEY(string key)
    {
        using var response = await _server.Client.GetAsync($"api/feeds/{key}/entries");
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest, ServerException.BadKey);
    }

    [Fact]
    public async Task An_unknown_feed_is_404_with_KAPPA_HTTP_NOT_FOUND()
    {
        using var response = await _server.Client.GetAsync($"api/feeds/{new string('a', 64)}/entries");
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound, ServerException.NotFound);
    }

    [Theory]
    [InlineData("limit=1001")]
    [InlineData("limit=0")]
    [InlineData("start=-1")]
    public async Task A_page_outside_the_limits_is_400_with_KAPPA_HTTP_LIMIT(string query)
    {
        using var response = await _server.Client.GetAsync($"api/feeds/{_key}/entries?{query}");
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest, ServerException.Limit);
    }

    [Fact]
    public async Task A_query_value_that_is_not_a_number_is_a_400_problem_with_a_code()
    {
        using var response = await _server.Client.GetAsync($"api/feeds/{_key}/entries?limit=lots");
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest, ServerException.BadRequest);
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem_with_a_code()
    {
        using var response = await _server.Client.GetAsync("api/nothing-here");
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound, ServerException.NotFound);
    }

    [Fact]
    public async Task Views_reports_the_sum_view_with_its_progress()
    {
        await _server.Core.ReadyAsync("sum");
        var views = await _server.Client.GetFromJsonAsync<JsonElement[]>("api/views");
        var sum = views!.Single(v => v.GetProperty("name").GetString() == "sum");
        Assert.Equal("sum", sum.GetProperty("name").GetString());
        Assert.Equal(250, sum.GetProperty("indexed").GetInt64());
        Assert.Equal(250, sum.GetProperty("total").GetInt64());
        Assert.Equal("idle", sum.GetProperty("state").GetString());
    }
}

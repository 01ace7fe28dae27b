using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kappa.Server.Problems;

namespace Kappa.Server.Tests;

/// <summary>GET /api/kv/{key} and /api/list over the helper views kappa serve installs.</summary>
public sealed class ViewsApiTests : IAsyncLifetime
{
    private StoreServer _server = null!;
    private string _alice = "", _bob = "";

    public async Task InitializeAsync()
    {
        _server = await StoreServer.StartAsync(seed: async core =>
        {
            var alice = await core.WriterAsync("alice");
            var bob = await core.WriterAsync("bob");
            _alice = alice.Key.ToString();
            _bob = bob.Key.ToString();
            await alice.AppendAsync(new { key = "color", value = "red", timestamp = 30 });
            await alice.AppendAsync(new { key = "color", value = "blue", timestamp = 10, links = new[] { $"{_alice}@0" } });
            // A fork: bob writes the key without having seen alice's second version.
            await bob.AppendAsync(new { key = "color", value = "green", timestamp = 20, links = new[] { $"{_alice}@0" } });
            await bob.AppendAsync(new { note = "no key, no timestamp" });
            await bob.AppendAsync(new { text = "later", timestamp = 100 });
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Kv_returns_every_head_of_a_forked_key_with_its_entry()
    {
        var color = await _server.Client.GetFromJsonAsync<JsonElement>("api/kv/color");
        Assert.Equal("color", color.GetProperty("key").GetString());
        var heads = color.GetProperty("heads").EnumerateArray().ToList();
        Assert.Equal(2, heads.Count);
        Assert.Equal(["blue", "green"], heads.Select(h => h.GetProperty("value").GetProperty("value").GetString()).Order());
        Assert.Contains(heads, h => h.GetProperty("id").GetString() == $"{_alice}@1" && h.GetProperty("seq").GetInt64() == 1 && h.GetProperty("feed").GetString() == _alice);
        Assert.All(heads, h => Assert.False(h.GetProperty("missing").GetBoolean()));
    }

    [Fact]
    public async Task Kv_of_a_key_without_a_value_is_404()
    {
        using var response = await _server.Client.GetAsync("api/kv/nothing");
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound, ServerException.NotFound);
    }

    [Fact]
    public async Task List_orders_entries_by_the_path_and_pages_with_cursors()
    {
        var all = await _server.Client.GetFromJsonAsync<JsonElement[]>("api/list?by=timestamp");
        Assert.Equal([10.0, 20, 30, 100], all!.Select(e => e.GetProperty("sort").GetDouble()));
        Assert.Equal("later", all![3].GetProperty("value").GetProperty("text").GetString());
        Assert.Equal($"{_bob}@2", all[3].GetProperty("cursor").GetString());

        var newest = await _server.Client.GetFromJsonAsync<JsonElement[]>("api/list?by=timestamp&reverse=true&limit=2");
        Assert.Equal([100.0, 30], newest!.Select(e => e.GetProperty("sort").GetDouble()));
        var next = await _server.Client.GetFromJsonAsync<JsonElement[]>($"api/list?by=timestamp&reverse=true&limit=2&after={newest![1].GetProperty("cursor").GetString()}");
        Assert.Equal([20.0, 10], next!.Select(e => e.GetProperty("sort").GetDouble()));
    }

    [Fact]
    public async Task List_by_a_path_the_server_does_not_index_is_404()
    {
        using var response = await _server.Client.GetAsync("api/list?by=size");
        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound, ServerException.NotFound);
    }

    [Theory]
    [InlineData("after=nope", ServerException.BadKey)]
    [InlineData("limit=5000", ServerException.Limit)]
    public async Task List_with_a_bad_cursor_or_limit_is_400(string query, string code)
    {
        using var response = await _server.Client.GetAsync("api/list?by=timestamp&" + query);
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task List_with_a_cursor_of_an_unlisted_entry_is_400_KAPPA_LIST_UNKNOWN_ENTRY()
    {
        using var response = await _server.Client.GetAsync($"api/list?by=timestamp&after={_bob}@1");
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest, Kappa.Views.List.ListException.UnknownEntry);
    }

    [Fact]
    public async Task Views_lists_sum_kv_and_the_list()
    {
        var views = await _server.Client.GetFromJsonAsync<JsonElement[]>("api/views");
        Assert.Equal(["kv", "list-timestamp", "sum"], views!.Select(v => v.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task Peers_is_empty_without_a_swarm()
    {
        var peers = await _server.Client.GetFromJsonAsync<JsonElement[]>("api/peers");
        Assert.Empty(peers!);
    }
}

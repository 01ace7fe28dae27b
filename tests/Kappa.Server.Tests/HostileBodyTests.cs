using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Kappa.Server.Tests;

/// <summary>
/// Hostile JSON through the real HTTP pipeline (found by the http-body fuzz target): a value the
/// API stores as JS would (nested up to 512 deep, lone surrogates) must never make a read a 500.
/// </summary>
public sealed class HostileBodyTests : IAsyncLifetime
{
    private StoreServer _server = null!;

    public async Task InitializeAsync() => _server = await StoreServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("deep-100")]
    [InlineData("deep-objects-300")]
    [InlineData("lone-surrogate")]
    public async Task A_value_the_API_cannot_write_back_is_stored_and_read_as_null_never_a_500(string name)
    {
        var body = name switch
        {
            "deep-100" => new string('[', 100) + new string(']', 100),
            "deep-objects-300" => string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300),
            _ => "{\"text\":\"\\ud800 alone\",\"timestamp\":5}",
        };
        using var posted = await _server.Client.PostAsync("api/entries", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var key = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();

        using var read = await _server.Client.GetAsync($"api/feeds/{key}/entries?start=0&limit=10");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var entry = Assert.Single((await read.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("value").ValueKind);

        // The list by timestamp (kappa serve's default) reads the same block.
        await _server.Core.ReadyAsync();
        using var list = await _server.Client.GetAsync("api/list?by=timestamp");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task A_body_nested_past_512_is_400_and_stores_nothing()
    {
        using var posted = await _server.Client.PostAsync("api/entries", new StringContent(new string('[', 600) + new string(']', 600), Encoding.UTF8, "application/json"));
        await Problems.AssertProblemAsync(posted, HttpStatusCode.BadRequest, Kappa.Server.Problems.ServerException.BadJson);
        Assert.Equal(0, _server.Core.Feeds.Sum(f => f.Length));
    }
}

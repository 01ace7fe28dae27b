using System.Net;
using System.Text.Json;

namespace Kappa.Server.Tests;

/// <summary>The page and the OpenAPI document, served from the assembly.</summary>
public sealed class WebConsoleTests : IAsyncLifetime
{
    private StoreServer _server = null!;

    public async Task InitializeAsync() => _server = await StoreServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/", "text/html", "<script src=\"app.js\"")]
    [InlineData("/app.js", "text/javascript", "new EventSource(")]
    [InlineData("/app.css", "text/css", "--accent")]
    public async Task The_console_is_served_from_the_embedded_files(string path, string mediaType, string contains)
    {
        using var response = await _server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(contains, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_loads_nothing_from_outside_the_server()
    {
        foreach (var path in new[] { "/", "/app.js", "/app.css" })
        {
            var text = await _server.Client.GetStringAsync(path);
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("//cdn", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint()
    {
        using var doc = JsonDocument.Parse(await _server.Client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/feeds").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/feeds/{key}/entries").TryGetProperty("get", out var entries));
        Assert.Contains("start", entries.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var append = paths.GetProperty("/api/entries").GetProperty("post");
        Assert.True(append.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(append.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.GetProperty("/api/events").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.True(paths.GetProperty("/api/views").TryGetProperty("get", out _));
    }
}

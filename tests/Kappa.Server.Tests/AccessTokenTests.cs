using System.Net;
using System.Net.Http.Headers;
using Kappa.Server.Problems;
using Kappa.Server.Security;

namespace Kappa.Server.Tests;

/// <summary>The access token a server listening beyond loopback demands.</summary>
public sealed class AccessTokenTests : IAsyncLifetime
{
    private readonly string _token = AccessToken.Generate();
    private StoreServer _server = null!;

    public async Task InitializeAsync() => _server = await StoreServer.StartAsync(options: KappaServerOptions.Default with { AccessToken = _token });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("api/feeds")]
    [InlineData("api/events")]
    [InlineData("")]
    [InlineData("openapi/v1.json")]
    public async Task Every_request_without_the_token_is_401_KAPPA_HTTP_UNAUTHORIZED(string path)
    {
        using var response = await _server.Client.GetAsync(path);
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ServerException.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_wrong_token_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/feeds");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token[..^1] + (_token[^1] == 'A' ? 'B' : 'A'));
        using var response = await _server.Client.SendAsync(request);
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ServerException.Unauthorized);
    }

    [Fact]
    public async Task The_token_as_a_bearer_header_or_as_access_token_in_the_query_is_let_in()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/feeds");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var header = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        using var query = await _server.Client.GetAsync("/?access_token=" + _token);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public void Generated_tokens_are_43_url_safe_characters_and_differ()
    {
        var other = AccessToken.Generate();
        Assert.Equal(43, _token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", _token);
        Assert.NotEqual(_token, other);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8480", true)]
    [InlineData("http://localhost:8480;http://[::1]:8480", true)]
    [InlineData("http://127.0.0.2:0", true)]
    [InlineData("http://0.0.0.0:8480", false)]
    [InlineData("http://*:8480", false)]
    [InlineData("http://+:8480", false)]
    [InlineData("http://[::]:8480", false)]
    [InlineData("http://192.168.1.10:8480", false)]
    [InlineData("http://127.0.0.1:8480;http://example.org:80", false)]
    public void Only_loopback_addresses_need_no_token(string urls, bool loopback) =>
        Assert.Equal(loopback, AccessToken.IsLoopbackOnly(urls));
}

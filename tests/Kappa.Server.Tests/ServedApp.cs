using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kappa.Server.Tests;

/// <summary>Starts a server built by <see cref="KappaServer"/>: in memory (TestServer), or by Kestrel on the 127.0.0.1 port 0 its options name.</summary>
internal static class ServedApp
{
    /// <summary>Builds the app with <paramref name="create"/> (given the test configuration), starts it, and returns a client for it.</summary>
    public static async Task<(WebApplication App, HttpClient Client)> StartAsync(Func<Action<WebApplicationBuilder>, WebApplication> create, bool kestrel)
    {
        var app = create(b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            if (!kestrel) b.WebHost.UseTestServer();
        });
        await app.StartAsync();
        if (!kestrel) return (app, app.GetTestClient());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") });
    }
}

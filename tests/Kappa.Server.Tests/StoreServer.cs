using Kappa.Core;
using Kappa.Server.Events;
using Kappa.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Kappa.Server.Tests;

/// <summary>
/// A real store in a temp directory with the views kappa serve installs (sum, kv, list by timestamp), served by <see cref="KappaServer"/>
/// either in memory (TestServer) or by Kestrel on 127.0.0.1 port 0 (browsers, raw sockets).
/// </summary>
public sealed class StoreServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly ServerViews _views;

    public Kappa.Swarm.KappaSwarm? Swarm { get; private init; }

    private StoreServer(TempDirectory dir, KappaCore core, ServerViews views, WebApplication app, HttpClient client)
    {
        _dir = dir;
        Core = core;
        _views = views;
        App = app;
        Client = client;
    }

    public KappaCore Core { get; }

    public WebApplication App { get; }

    /// <summary>A client for the server (its base address is the server's).</summary>
    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    internal StoreEventHub Hub => App.Services.GetRequiredService<StoreEventHub>();

    public static async Task<StoreServer> StartAsync(bool kestrel = false, KappaServerOptions? options = null, Func<KappaCore, Task>? seed = null, Func<KappaCore, Task<Kappa.Swarm.KappaSwarm>>? joinSwarm = null)
    {
        var dir = new TempDirectory("serve");
        var core = await KappaCore.OpenAsync(dir.Combine("store"));
        var views = ServerViews.Install(core, ["timestamp"]);
        if (seed is not null) await seed(core);
        var swarm = joinSwarm is null ? null : await joinSwarm(core);
        options = (options ?? KappaServerOptions.Default) with { Urls = "http://127.0.0.1:0" };
        var (app, client) = await ServedApp.StartAsync(configure => KappaServer.Create(core, options, swarm, configure), kestrel);
        return new StoreServer(dir, core, views, app, client) { Swarm = swarm };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (Swarm is not null) await Swarm.DisposeAsync();
        await Core.DisposeAsync();
        await _views.DisposeAsync();
        _dir.Dispose();
    }
}

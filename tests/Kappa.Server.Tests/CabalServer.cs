using Kappa.Chat;
using Kappa.Swarm;
using Kappa.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Kappa.Server.Tests;

/// <summary>
/// A real cabal (Kappa.Chat on RocksDB in a temp directory) served by <see cref="KappaServer"/>, in memory (TestServer)
/// or by Kestrel on 127.0.0.1 port 0, optionally on a loopback swarm joined as a cabal (cabal key, peer-id).
/// </summary>
public sealed class CabalServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private CabalServer(TempDirectory dir, Cabal cabal, WebApplication app, HttpClient client, KappaSwarm? swarm)
    {
        _dir = dir;
        Cabal = cabal;
        App = app;
        Client = client;
        Swarm = swarm;
    }

    public Cabal Cabal { get; }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public KappaSwarm? Swarm { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static async Task<CabalServer> StartAsync(bool kestrel = false, KappaServerOptions? options = null, Func<Cabal, Task>? seed = null, bool swarm = false, CabalKey? key = null)
    {
        var dir = new TempDirectory("serve-cabal");
        var cabal = await Cabal.OpenAsync(dir.Combine("cabal"), key);
        if (seed is not null) await seed(cabal);
        await cabal.ReadyAsync();
        var network = swarm ? await cabal.JoinSwarmAsync(LoopbackSwarm.Options) : null;
        options = (options ?? KappaServerOptions.Default) with { Urls = "http://127.0.0.1:0" };
        var (app, client) = await ServedApp.StartAsync(configure => KappaServer.Create(cabal, options, network, configure), kestrel);
        return new CabalServer(dir, cabal, app, client, network);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (Swarm is not null) await Swarm.DisposeAsync();
        await Cabal.DisposeAsync();
        _dir.Dispose();
    }
}

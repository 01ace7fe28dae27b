using System.CommandLine;
using Kappa.Core;
using Kappa.Server;
using Kappa.Server.Security;
using Kappa.Swarm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa serve --store DIR [--urls URL] [--list PATH]... [--swarm]</c>: the HTTP API and web console over the store,
/// with the persistent sum, key/value and sorted-list views indexing (<see cref="ServerViews"/>). Prints the URL (and, beyond loopback, the access token
/// every request must carry); runs until Ctrl+C.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var urls = new Option<string>("--urls") { Description = "Where to listen (';'-separated; port 0 picks a free port). Beyond loopback an access token is required.", DefaultValueFactory = _ => KappaServerOptions.DefaultUrl };
        var lists = new Option<string[]>("--list") { Description = "Keep a sorted list by the value at this dotted path (GET /api/list?by=PATH); repeatable.", DefaultValueFactory = _ => ["timestamp"] };
        var swarm = new Option<bool>("--swarm") { Description = "Also join the store's swarm (LAN and DHT, as kappa swarm) and show its peers." };
        var command = new Command("serve", "Serve the store over HTTP: a JSON API, live events and a web console.") { store, urls, lists, swarm };
        CliAction.Set(command, async (parse, ct) =>
        {
            var listen = parse.GetValue(urls)!;
            var token = AccessToken.IsLoopbackOnly(listen) ? null : AccessToken.Generate();
            var core = await KappaCore.OpenAsync(parse.GetValue(store)!, ct: ct);
            ServerViews installed;
            try { installed = ServerViews.Install(core, parse.GetValue(lists) ?? []); }
            catch
            {
                await core.DisposeAsync();
                throw;
            }
            // Disposed in reverse: the server, the swarm, the core (stopping its views), then the view stores.
            await using var views = installed;
            await using var _ = core;
            await using var network = parse.GetValue(swarm) ? await core.Store.JoinSwarmAsync(Kappa.Swarm.SwarmOptions.Default with { PeerId = CabalIdentity.LocalKey(core.Store) }, ct) : null;
            var options = KappaServerOptions.Default with { Urls = listen, AccessToken = token };
            await using var app = KappaServer.Create(core, options, network, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync(ct);
            var suffix = token is null ? "" : "?access_token=" + token;
            foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
                Console.WriteLine($"kappa serve: {address.TrimEnd('/')}/{suffix}");
            if (token is not null) Console.WriteLine($"access token: {token} (send Authorization: Bearer TOKEN; every request needs it)");
            Console.Out.Flush();
            // Ctrl+C (System.CommandLine's token) or SIGTERM (the host's console lifetime) both end here.
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}

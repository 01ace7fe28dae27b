using System.CommandLine;
using Kappa.Chat;
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
/// <c>kappa serve --store DIR [--urls URL] [--list PATH]... [--swarm] [--cabal]</c>: the HTTP API and web console over the store,
/// with the persistent sum, key/value and sorted-list views indexing (<see cref="ServerViews"/>); a cabal
/// (<c>--cabal</c>, or a store <c>kappa chat</c> made, which remembers its key) gets the chat too. Prints the URL (and, beyond loopback, the access token
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
        var cabal = new Option<bool>("--cabal") { Description = "Serve the store as a cabal (chat API and chat in the console). Automatic for a store kappa chat made; needed for one only cabal-core wrote (its directory named by the cabal key)." };
        var command = new Command("serve", "Serve the store over HTTP: a JSON API, live events and a web console.") { store, urls, lists, swarm, cabal };
        CliAction.Set(command, async (parse, ct) =>
        {
            var listen = parse.GetValue(urls)!;
            var directory = parse.GetValue(store)!;
            var token = AccessToken.IsLoopbackOnly(listen) ? null : AccessToken.Generate();
            // A cabal opens its store itself (cabal value encoding, its messages and state views); the server's views go on the same core.
            var chat = parse.GetValue(cabal) || Cabal.Exists(directory) ? await Cabal.OpenAsync(directory, ct: ct) : null;
            var core = chat?.Core ?? await KappaCore.OpenAsync(directory, ct: ct);
            ServerViews installed;
            try { installed = ServerViews.Install(core, parse.GetValue(lists) ?? []); }
            catch
            {
                if (chat is not null) await chat.DisposeAsync();
                else await core.DisposeAsync();
                throw;
            }
            // Disposed in reverse: the server, the swarm, the core or cabal (stopping its views), then the view stores.
            await using var views = installed;
            await using var _ = (IAsyncDisposable?)chat ?? core;
            // A cabal's swarm is cabal-core's: topic and encryption from the cabal key, our peer-id on each connection.
            // Another store with a writer local sends that writer's key as its peer-id too (as kappa swarm).
            var swarmOptions = Kappa.Swarm.SwarmOptions.Default with { PeerId = CabalIdentity.LocalKey(core.Store) };
            await using var network = !parse.GetValue(swarm) ? null : chat is null ? await core.JoinSwarmAsync(swarmOptions, ct) : await chat.JoinSwarmAsync(ct: ct);
            var options = KappaServerOptions.Default with { Urls = listen, AccessToken = token };
            Action<WebApplicationBuilder> quiet = b => b.Logging.SetMinimumLevel(LogLevel.Warning);
            await using var app = chat is null ? KappaServer.Create(core, options, network, quiet) : KappaServer.Create(chat, options, network, quiet);
            await app.StartAsync(ct);
            var suffix = token is null ? "" : "?access_token=" + token;
            foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
                Console.WriteLine($"kappa serve: {address.TrimEnd('/')}/{suffix}");
            if (chat is not null) Console.WriteLine($"cabal: {chat.Key}");
            if (token is not null) Console.WriteLine($"access token: {token} (send Authorization: Bearer TOKEN; every request needs it)");
            Console.Out.Flush();
            // Ctrl+C (System.CommandLine's token) or SIGTERM (the host's console lifetime) both end here.
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}

using Kappa.Chat;
using Kappa.Core;
using Kappa.Server.Api;
using Kappa.Server.Events;
using Kappa.Server.Problems;
using Kappa.Server.Security;
using Kappa.Server.Web;
using Kappa.Swarm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kappa.Server;

/// <summary>
/// <c>kappa serve</c> as a library: an ASP.NET Core app over one open <see cref="KappaCore"/> with
/// the JSON API under <c>/api</c>, live events at <c>/api/events</c>, OpenAPI at
/// <c>/openapi/v1.json</c> and the web console at <c>/</c>.
/// </summary>
public static class KappaServer
{
    /// <summary>
    /// Builds the app (not started). The caller keeps owning <paramref name="core"/> and
    /// <paramref name="swarm"/>: dispose the app first. The key/value and list endpoints serve the
    /// views installed on the core as <see cref="ServerViews"/> names them; with a swarm,
    /// <c>/api/peers</c> and <c>peer</c> events show its connections. <paramref name="configure"/>
    /// can change the builder (tests use it to host on a TestServer or port 0).
    /// </summary>
    public static WebApplication Create(KappaCore core, KappaServerOptions? options = null, KappaSwarm? swarm = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(core);
        return Build(core, null, options, swarm, configure);
    }

    /// <summary>
    /// Builds the app (not started) over a cabal: everything <see cref="Create(KappaCore, KappaServerOptions?, KappaSwarm?, Action{WebApplicationBuilder}?)"/>
    /// serves for its store, plus the chat endpoints under <c>/api/chat</c>, <c>chat</c> events and
    /// the chat in the web console. The caller keeps owning <paramref name="cabal"/>: dispose the app first.
    /// </summary>
    public static WebApplication Create(Cabal cabal, KappaServerOptions? options = null, KappaSwarm? swarm = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(cabal);
        return Build(cabal.Core, cabal, options, swarm, configure);
    }

    private static WebApplication Build(KappaCore core, Cabal? cabal, KappaServerOptions? options, KappaSwarm? swarm, Action<WebApplicationBuilder>? configure)
    {
        options ??= KappaServerOptions.Default;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(KappaServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        });
        builder.Services.AddSingleton(core);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new SwarmAccess(swarm));
        builder.Services.AddSingleton<StoreEventHub>();
        builder.Services.AddHostedService(s => s.GetRequiredService<StoreEventHub>());
        builder.Services.AddSingleton(new CabalAccess(cabal));
        if (cabal is not null)
        {
            builder.Services.AddSingleton(cabal);
            builder.Services.AddHostedService<ChatEventSource>();
        }
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Problems the framework writes (no route, wrong method) get a code too.
            if (!c.ProblemDetails.Extensions.ContainsKey("code"))
                c.ProblemDetails.Extensions["code"] = c.ProblemDetails.Status switch
                {
                    StatusCodes.Status404NotFound => ServerException.NotFound,
                    StatusCodes.Status405MethodNotAllowed => ServerException.MethodNotAllowed,
                    StatusCodes.Status415UnsupportedMediaType => ServerException.UnsupportedMediaType,
                    StatusCodes.Status413PayloadTooLarge => ServerException.TooLarge,
                    >= 400 and < 500 => ServerException.BadRequest,
                    _ => ServerException.Internal,
                };
        });
        builder.Services.AddExceptionHandler<KappaExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Kappa.NET store";
            doc.Info.Description = "The HTTP API of kappa serve. Errors are RFC 7807 problem details whose code member is a stable KAPPA_* code.";
            return Task.CompletedTask;
        }));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (options.AccessToken is { } token) app.UseMiddleware<AccessTokenMiddleware>(token);
        app.UseWebConsole();
        app.MapOpenApi();
        app.MapGroup("/api").MapFeeds().MapEntries().MapViews().MapKv().MapList().MapPeers().MapChat().MapEvents();
        return app;
    }
}

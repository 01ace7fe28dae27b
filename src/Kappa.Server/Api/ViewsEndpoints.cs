using Kappa.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary><c>/api/views</c>: each view's state and progress.</summary>
internal static class ViewsEndpoints
{
    public static RouteGroupBuilder MapViews(this RouteGroupBuilder api)
    {
        api.MapGet("/views", List).WithTags("Views").WithName("ListViews")
            .WithSummary("Every view: name, version, state (indexing, idle, paused, faulted), entries indexed of the total, error.");
        return api;
    }

    private static Ok<ViewInfo[]> List(KappaCore core) => TypedResults.Ok(core.Views.Select(ViewInfo.From).ToArray());
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary><c>GET /api/peers</c>: the swarm's connections (empty when not swarming).</summary>
internal static class PeersEndpoints
{
    public static RouteGroupBuilder MapPeers(this RouteGroupBuilder api)
    {
        api.MapGet("/peers", List).WithTags("Peers").WithName("ListPeers")
            .WithSummary("The swarm's open connections with blocks transferred; empty unless kappa serve runs with --swarm.");
        return api;
    }

    private static Ok<PeerInfo[]> List(SwarmAccess access) =>
        TypedResults.Ok(access.Swarm is { } swarm ? swarm.Peers.Select(p => PeerInfo.From(p)).ToArray() : []);
}

using Kappa.Server.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary><c>GET /api/events</c>: the store's changes as server-sent events.</summary>
internal static class EventsEndpoints
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", (StoreEventHub hub, KappaServerOptions options) => new EventStreamResult(hub, options.EventHeartbeat))
            .WithTags("Events").WithName("Events")
            .WithSummary("text/event-stream: hello {feeds, views, peers} first, then entry {key, seq, value} for every entry appended or replicated after connecting (per feed in seq order), feed {key, length, writable, name} for a new feed, view {name, state, indexed, total} as views progress, peer {id, address, state, blocksIn, blocksOut} as swarm connections come, change and go (state gone); for a cabal, chat {channel, key, seq, type, text, timestamp, name, cursor} for each new message once indexed; overflow, then the end, for a client too slow to keep up. Every event but hello carries an id: a client reconnecting with Last-Event-ID (or ?lastEventId=) gets the events it missed instead of hello, while the server still keeps them (the newest 4096, at most 8 MiB).")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        return api;
    }
}

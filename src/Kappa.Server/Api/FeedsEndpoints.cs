using Kappa.Core;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary><c>/api/feeds</c>: the store's feeds and pages of their entries.</summary>
internal static class FeedsEndpoints
{
    public static RouteGroupBuilder MapFeeds(this RouteGroupBuilder api)
    {
        var feeds = api.MapGroup("/feeds").WithTags("Feeds");
        feeds.MapGet("/", List).WithName("ListFeeds").WithSummary("Every feed: key, length, writable, name (as kappa feeds).");
        feeds.MapGet("/{key}/entries", Entries).WithName("ListEntries")
            .WithSummary("A page of a feed's entries in seq order, {key, seq, value}; start (default 0), limit (default 100, at most 1000). Entries not stored locally are left out.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static Ok<FeedInfo[]> List(KappaCore core) =>
        TypedResults.Ok(core.Store.NamedFeeds.Select(f => new FeedInfo(f.Feed.Key.ToString(), f.Feed.Length, f.Feed.Writable, f.Name)).ToArray());

    private static async Task<Results<Ok<EntryInfo[]>, ProblemHttpResult>> Entries(
        string key, long? start, int? limit, KappaCore core, KappaServerOptions options, CancellationToken ct)
    {
        if (FindFeed(core, key, out var feed) is { } problem) return problem;
        var from = start ?? 0;
        var count = limit ?? options.DefaultPageSize;
        if (from < 0) return Problem.BadRequest(ServerException.Limit, "start must be 0 or more.");
        if (count < 1 || count > options.MaxPageSize) return Problem.BadRequest(ServerException.Limit, $"limit must be between 1 and {options.MaxPageSize}.");
        var end = Math.Min(feed.Length, from + count);
        var page = new List<EntryInfo>((int)Math.Max(0, end - from));
        var feedHex = feed.Key.ToString();
        if (from < end)
            await foreach (var block in feed.ReadRawAsync(from, end, ct: ct).ConfigureAwait(false))
                page.Add(new EntryInfo(feedHex, block.Seq, EntryValue.ToElement(block.Data.Span, feed.ValueEncoding)));
        return TypedResults.Ok(page.ToArray());
    }

    /// <summary>The feed named by a hex key in the path; else a 400 (not a key) or 404 (no such feed) problem.</summary>
    internal static ProblemHttpResult? FindFeed(KappaCore core, string key, out Feed feed)
    {
        feed = null!;
        if (!FeedKey.TryParse(key, out var parsed))
            return Problem.BadRequest(ServerException.BadKey, $"\"{(key.Length <= 80 ? key : key[..80] + "…")}\" is not a feed key (64 hex characters).");
        if (core.Feed(parsed) is not { } found)
            return Problem.Make(StatusCodes.Status404NotFound, ServerException.NotFound, $"No feed {parsed} in this store.");
        feed = found;
        return null;
    }
}

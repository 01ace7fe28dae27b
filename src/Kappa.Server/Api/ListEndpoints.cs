using System.Globalization;
using System.Text.Json;
using Kappa.Core;
using Kappa.Server.Problems;
using Kappa.Views;
using Kappa.Views.List;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary>
/// <c>GET /api/list?by=PATH</c> over a sorted list view (<see cref="ListView"/>) installed as
/// <c>list-PATH</c> — the name <c>kappa list --by PATH</c> uses, so both share one index.
/// </summary>
internal static class ListEndpoints
{
    public static string ViewName(string path) => "list-" + Uri.EscapeDataString(path);

    public static RouteGroupBuilder MapList(this RouteGroupBuilder api)
    {
        api.MapGet("/list", Read).WithTags("Views").WithName("ReadList")
            .WithSummary("Entries ordered by the value at ?by=PATH (numbers numerically and first, then strings; ties by feed, seq); reverse=true for largest first, limit (default 100, at most 1000), after=FEEDHEX@SEQ to continue from a cursor.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ListItem[]>, ProblemHttpResult>> Read(
        string by, bool? reverse, int? limit, string? after, KappaCore core, KappaServerOptions options, CancellationToken ct)
    {
        if (!core.Api.TryGetValue(ViewName(by), out var view) || view is not ListView list)
            return Problem.Make(StatusCodes.Status404NotFound, ServerException.NotFound, $"No list by \"{by}\" on this server (kappa serve --list {by} adds one).");
        var count = limit ?? options.DefaultPageSize;
        if (count < 1 || count > options.MaxPageSize) return Problem.BadRequest(ServerException.Limit, $"limit must be between 1 and {options.MaxPageSize}.");
        var query = new ListQuery { Reverse = reverse ?? false, Limit = count };
        if (after is not null)
        {
            if (!EntryId.TryParse(after, out var id)) return Problem.BadRequest(ServerException.BadKey, $"after must be an entry id FEEDHEX@SEQ; got \"{after}\".");
            if (await list.PositionAsync(null, id.Feed, id.Seq, ct).ConfigureAwait(false) is not { } position)
                return Problem.BadRequest(ListException.UnknownEntry, $"The entry {id} is not in the list by \"{by}\".");
            query = query.Reverse ? query with { Before = position } : query with { After = position };
        }
        var items = new List<ListItem>(count);
        await foreach (var entry in list.ReadAsync(query, ct).ConfigureAwait(false))
        {
            var hex = entry.Feed.ToString();
            items.Add(new ListItem(hex, entry.Seq, SortJson(entry.Sort), EntryValue.ToElement(entry.Data.Span, core.Options.ValueEncoding), string.Create(CultureInfo.InvariantCulture, $"{hex}@{entry.Seq}")));
        }
        return TypedResults.Ok(items.ToArray());
    }

    private static JsonElement SortJson(SortValue sort) => sort.Kind switch
    {
        SortKind.Number => JsonSerializer.SerializeToElement(sort.Number),
        SortKind.Text => JsonSerializer.SerializeToElement(sort.Text),
        SortKind.True => JsonSerializer.SerializeToElement(true),
        SortKind.False => JsonSerializer.SerializeToElement(false),
        _ => JsonSerializer.SerializeToElement<object?>(null),
    };
}

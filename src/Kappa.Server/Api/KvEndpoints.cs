using Kappa.Core;
using Kappa.Server.Problems;
using Kappa.Views.KeyValue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary>
/// <c>GET /api/kv/{key}</c> over the key/value view (<see cref="KvView"/>, installed as <c>kv</c>;
/// rows by <see cref="KvRows.KeyField"/>: entries <c>{"key": …, "links": [ids]}</c>).
/// </summary>
internal static class KvEndpoints
{
    /// <summary>The view name <c>kappa serve</c> installs the key/value view under.</summary>
    public const string ViewName = "kv";

    public static RouteGroupBuilder MapKv(this RouteGroupBuilder api)
    {
        api.MapGet("/kv/{key}", Get).WithTags("Views").WithName("GetKey")
            .WithSummary("The heads of a key in the key/value view (several when writers forked it), each with its entry; 404 when the key has none.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<KvEntry>, ProblemHttpResult>> Get(string key, KappaCore core, CancellationToken ct)
    {
        if (!core.Api.TryGetValue(ViewName, out var view) || view is not KvView kv)
            return Problem.Make(StatusCodes.Status404NotFound, ServerException.NotFound, "This server has no key/value view.");
        var heads = await kv.GetAsync(key, ct).ConfigureAwait(false);
        if (heads.Count == 0) return Problem.Make(StatusCodes.Status404NotFound, ServerException.NotFound, $"The key \"{key}\" has no value.");
        var encoding = core.Options.ValueEncoding;
        return TypedResults.Ok(new KvEntry(key, heads.Select(h => new KvHeadInfo(
            h.Id, h.Entry?.Feed.ToString(), h.Entry?.Seq,
            h.Data is { } data ? EntryValue.ToElement(data.Span, encoding) : null,
            h.IsMissing)).ToArray()));
    }
}

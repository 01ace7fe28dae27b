using System.Buffers;
using System.Text.Json;
using Kappa.Core;
using Kappa.Hypercore.Json;
using Kappa.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kappa.Server.Api;

/// <summary><c>POST /api/entries</c>: append one JSON value to a local writer.</summary>
internal static class EntriesEndpoints
{
    private const int MaxWriterName = 100;

    public static RouteGroupBuilder MapEntries(this RouteGroupBuilder api)
    {
        api.MapPost("/entries", Append).WithTags("Entries").WithName("AppendEntry")
            .WithSummary("Appends the body (one JSON value, application/json) to the local writer ?writer=NAME (default local; created on first use); returns {key, seq} once stored.")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }

    private static async Task<Results<Created<AppendedEntry>, ProblemHttpResult>> Append(
        HttpRequest request, KappaCore core, KappaServerOptions options, string? writer, CancellationToken ct)
    {
        var name = writer ?? "local";
        if (name.Length is 0 or > MaxWriterName || name.Any(char.IsControl))
            return Problem.BadRequest(ServerException.Limit, $"writer must be 1 to {MaxWriterName} characters, none of them control characters.");
        var (body, problem) = await RequestBody.ReadJsonAsync(request, options, "one JSON value", ct).ConfigureAwait(false);
        if (body is null) return problem!;
        // The block is the value as JS JSON.stringify writes it, plus "\n" (hypercore's json encoding).
        var block = new ArrayBufferWriter<byte>(body.WrittenCount + 1);
        try { JsJson.Normalize(body.WrittenSpan, block); }
        catch (JsonException e) { return Problem.BadRequest(ServerException.BadJson, "The body is not one JSON value: " + e.Message); }
        if (block.WrittenCount == 0) return Problem.BadRequest(ServerException.BadJson, "The body is empty; send one JSON value.");
        block.Write("\n"u8);
        var feed = await core.WriterAsync(name, ct).ConfigureAwait(false);
        var seq = await feed.AppendRawAsync(block.WrittenMemory, ct).ConfigureAwait(false);
        var key = feed.Key.ToString();
        return TypedResults.Created($"/api/feeds/{key}/entries?start={seq}&limit=1", new AppendedEntry(key, seq));
    }
}

using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kappa.Server.Problems;

/// <summary>RFC 7807 problem details for every refusal and failure, each carrying the stable <c>KAPPA_*</c> code in <c>code</c>.</summary>
internal static class Problem
{
    public static ProblemHttpResult For(ServerException e) => Make(e.Status, e.Code, e.Message);

    public static ProblemHttpResult BadRequest(string code, string detail) => Make(StatusCodes.Status400BadRequest, code, detail);

    public static ProblemHttpResult Make(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, type: "https://kappa.net/problems/" + code, extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>The status a library error maps to: the caller's fault (4xx) where it can be, else 500.</summary>
    public static int StatusOf(KappaException e) => e switch
    {
        ServerException s => s.Status,
        { Code: FeedException.NotWritable or FeedStoreException.ReadOnly } => StatusCodes.Status409Conflict,
        { Code: FeedException.TooLarge } => StatusCodes.Status413PayloadTooLarge,
        { Code: ViewException.Unknown } => StatusCodes.Status404NotFound,
        { Code: FeedException.Closed or FeedStoreException.Closed or ViewException.Closed } => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}

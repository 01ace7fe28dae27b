using Kappa.Server.Problems;
using Microsoft.AspNetCore.Http;

namespace Kappa.Server.Security;

/// <summary>
/// Refuses every request without the access token (401 problem, <c>KAPPA_HTTP_UNAUTHORIZED</c>).
/// The token comes as <c>Authorization: Bearer TOKEN</c> or, for the page and EventSource (which
/// cannot set headers), <c>?access_token=TOKEN</c> (RFC 6750 §2.3).
/// </summary>
internal sealed class AccessTokenMiddleware(RequestDelegate next, string token)
{
    public Task InvokeAsync(HttpContext context)
    {
        string? given = null;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) given = header["Bearer ".Length..].Trim();
        else if (context.Request.Query.TryGetValue("access_token", out var q)) given = q.ToString();
        if (AccessToken.Matches(token, given)) return next(context);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem.Make(StatusCodes.Status401Unauthorized, ServerException.Unauthorized,
            "This server listens beyond loopback: send the access token kappa serve printed (Authorization: Bearer TOKEN, or ?access_token=TOKEN).").ExecuteAsync(context);
    }
}

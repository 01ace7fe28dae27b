using Kappa.Hypercore;

namespace Kappa.Server.Problems;

/// <summary>A request the HTTP API refuses; returned as RFC 7807 problem details carrying <see cref="KappaException.Code"/>.</summary>
public sealed class ServerException : KappaException
{
    /// <summary>A feed key that is not 64 hex characters.</summary>
    public const string BadKey = "KAPPA_HTTP_BAD_KEY";
    /// <summary>A body that is not exactly one JSON value.</summary>
    public const string BadJson = "KAPPA_HTTP_BAD_JSON";
    /// <summary>A query parameter out of range (negative start, page size over the limit, bad writer name).</summary>
    public const string Limit = "KAPPA_HTTP_LIMIT";
    /// <summary>A body larger than the server accepts.</summary>
    public const string TooLarge = "KAPPA_HTTP_TOO_LARGE";
    /// <summary>A body that is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "KAPPA_HTTP_MEDIA_TYPE";
    /// <summary>No such feed, view or key.</summary>
    public const string NotFound = "KAPPA_HTTP_NOT_FOUND";
    /// <summary>A chat endpoint on a store that is not served as a cabal.</summary>
    public const string NotCabal = "KAPPA_HTTP_NOT_CABAL";
    /// <summary>The path exists but not for this method.</summary>
    public const string MethodNotAllowed = "KAPPA_HTTP_METHOD";
    /// <summary>Another malformed request.</summary>
    public const string BadRequest = "KAPPA_HTTP_BAD_REQUEST";
    /// <summary>The server failed (the log says why).</summary>
    public const string Internal = "KAPPA_HTTP_INTERNAL";
    /// <summary>The access token is missing or wrong.</summary>
    public const string Unauthorized = "KAPPA_HTTP_UNAUTHORIZED";

    /// <summary>Creates the error with its HTTP status.</summary>
    public ServerException(string code, int status, string message) : base(code, message) => Status = status;

    /// <summary>The HTTP status the problem is sent with.</summary>
    public int Status { get; }
}

using Kappa.Hypercore;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kappa.Server.Problems;

/// <summary>Turns a typed error thrown by a handler or a library below into problem details with its <c>KAPPA_*</c> code.</summary>
internal sealed partial class KappaExceptionHandler(ILogger<KappaExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } big)
            exception = new ServerException(ServerException.TooLarge, big.StatusCode, "The request body is larger than the server accepts.");
        if (exception is not KappaException e) return false;
        var status = Problem.StatusOf(e);
        if (status >= 500) LogFailure(logger, e.Code, e);
        await Problem.Make(status, e.Code, e.Message).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Request failed with {Code}")]
    private static partial void LogFailure(ILogger logger, string code, Exception e);
}

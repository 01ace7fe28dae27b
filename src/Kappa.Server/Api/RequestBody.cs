using System.Buffers;
using Kappa.Server.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kappa.Server.Api;

/// <summary>Reading a JSON request body under the server's size limit, with the problems a bad one gets.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The whole body, or a problem: 415 unless it is <c>application/json</c>, 413 once it passes
    /// <see cref="KappaServerOptions.MaxBodyBytes"/> (the rest is not read).
    /// </summary>
    public static async Task<(ArrayBufferWriter<byte>? Body, ProblemHttpResult? Problem)> ReadJsonAsync(HttpRequest request, KappaServerOptions options, string expected, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return (null, Problem.Make(StatusCodes.Status415UnsupportedMediaType, ServerException.UnsupportedMediaType, $"The body must be {expected} sent as application/json."));
        if (request.ContentLength > options.MaxBodyBytes) return (null, TooLarge(options));
        var max = options.MaxBodyBytes;
        var body = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 4096, 1, max + 1L));
        while (true)
        {
            var read = await request.Body.ReadAsync(body.GetMemory(4096), ct).ConfigureAwait(false);
            if (read == 0) return (body, null);
            body.Advance(read);
            if (body.WrittenCount > max) return (null, TooLarge(options));
        }
    }

    private static ProblemHttpResult TooLarge(KappaServerOptions options) =>
        Problem.Make(StatusCodes.Status413PayloadTooLarge, ServerException.TooLarge, $"The body is larger than {options.MaxBodyBytes} bytes.");
}

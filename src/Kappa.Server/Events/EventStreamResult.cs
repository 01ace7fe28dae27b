using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kappa.Server.Events;

/// <summary>
/// Writes one client's queue to its response: every queued event at once, then one flush, so a
/// client that keeps up costs one write per burst. Ends when the client goes away, the server
/// stops, or the queue overflowed (after an <c>overflow</c> event).
/// </summary>
internal sealed class EventStreamResult(StoreEventHub hub, TimeSpan heartbeat) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // EventSource sends Last-Event-ID when it reconnects; ?lastEventId= serves clients that cannot set headers.
        var lastEventId = httpContext.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? httpContext.Request.Query["lastEventId"].FirstOrDefault();
        var client = hub.Subscribe(lastEventId);
        try
        {
            await response.StartAsync(ct).ConfigureAwait(false);
            var writer = response.BodyWriter;
            var reader = client.Reader;
            while (true)
            {
                var ready = reader.WaitToReadAsync(ct).AsTask();
                if (!ready.IsCompleted)
                    while (await Task.WhenAny(ready, Task.Delay(heartbeat, ct)).ConfigureAwait(false) != ready)
                        await writer.WriteAsync(EventFrame.Heartbeat, ct).ConfigureAwait(false);
                if (!await ready.ConfigureAwait(false)) break;
                while (reader.TryRead(out var frame)) writer.Write(frame.Bytes);
                await writer.FlushAsync(ct).ConfigureAwait(false);
            }
            if (client.Overflowed) await writer.WriteAsync(EventFrame.Overflow.Bytes, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally { hub.Unsubscribe(client); }
    }
}

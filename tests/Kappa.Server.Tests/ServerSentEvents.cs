using System.Runtime.CompilerServices;
using System.Text;

namespace Kappa.Server.Tests;

/// <summary>One server-sent event as a client sees it.</summary>
public sealed record Sse(string Type, string Data, string? Id = null);

/// <summary>Reads a text/event-stream (WHATWG HTML §9.2: lines, blank line ends an event, ':' lines are comments).</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<Sse> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string type = "message";
        string? id = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return new Sse(type, data.ToString(), id);
                type = "message";
                id = null;
                data.Clear();
            }
            else if (line.StartsWith(':')) continue;
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line["id: ".Length..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(data.Length > 0 ? "\n" : "").Append(line["data: ".Length..]);
        }
    }

    /// <summary>Opens GET /api/events and returns its stream once the headers (and so the subscription) are in.</summary>
    public static async Task<(HttpResponseMessage Response, IAsyncEnumerator<Sse> Events)> OpenAsync(HttpClient client, string? lastEventId = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/events");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var events = ReadAsync(await response.Content.ReadAsStreamAsync(ct), ct).GetAsyncEnumerator(ct);
        return (response, events);
    }
}

using System.Runtime.CompilerServices;
using System.Text;

namespace Kappa.Server.Tests;

/// <summary>One server-sent event as a client sees it.</summary>
public sealed record Sse(string Type, string Data);

/// <summary>Reads a text/event-stream (WHATWG HTML §9.2: lines, blank line ends an event, ':' lines are comments).</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<Sse> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string type = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return new Sse(type, data.ToString());
                type = "message";
                data.Clear();
            }
            else if (line.StartsWith(':')) continue;
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(data.Length > 0 ? "\n" : "").Append(line["data: ".Length..]);
        }
    }

    /// <summary>Opens GET /api/events and returns its stream once the headers (and so the subscription) are in.</summary>
    public static async Task<(HttpResponseMessage Response, IAsyncEnumerator<Sse> Events)> OpenAsync(HttpClient client, CancellationToken ct = default)
    {
        var response = await client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var events = ReadAsync(await response.Content.ReadAsStreamAsync(ct), ct).GetAsyncEnumerator(ct);
        return (response, events);
    }
}

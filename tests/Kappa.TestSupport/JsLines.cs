using System.Globalization;
using System.Text.Json;

namespace Kappa.TestSupport;

/// <summary>Reading kappa-js.js output lines.</summary>
public static class JsLines
{
    /// <summary>True when <paramref name="line"/> has string property <paramref name="name"/> equal to <paramref name="value"/>.</summary>
    public static bool Is(this JsonElement line, string name, string value) =>
        line.ValueKind == JsonValueKind.Object && line.TryGetProperty(name, out var p) &&
        p.ValueKind == JsonValueKind.String && p.GetString() == value;

    /// <summary>True for a replicate line <c>{"event": name, ...}</c>.</summary>
    public static bool IsEvent(this JsonElement line, string name) => line.Is("event", name);

    /// <summary>A feed object (dump/feeds line or an element of replicate's <c>feeds</c>).</summary>
    public static JsFeed ToFeed(this JsonElement e) => new(
        e.Str("key"), e.Num("length"), e.TryGetProperty("downloaded", out var d) ? d.GetInt64() : e.Num("length"),
        e.GetProperty("writable").GetBoolean(), e.Str("name"));

    /// <summary>The <c>feeds</c> array of a replicate <c>done</c>/<c>stopped</c> line.</summary>
    public static IReadOnlyList<JsFeed> Feeds(this JsonElement line) => [.. line.GetProperty("feeds").EnumerateArray().Select(ToFeed)];

    /// <summary>Parses dump output.</summary>
    public static JsDump ToDump(this JsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var feeds = new List<JsFeed>();
        var entries = new List<JsEntry>();
        var missing = new List<JsEntry>();
        foreach (var line in result.Lines)
        {
            if (line.Is("type", "feed")) feeds.Add(line.ToFeed());
            else if (line.Is("type", "entry")) entries.Add(new JsEntry(line.Str("key"), line.Num("seq"), line.GetProperty("value").GetRawText()));
            else if (line.Is("type", "missing")) missing.Add(new JsEntry(line.Str("key"), line.Num("seq"), "null"));
        }
        return new JsDump(feeds, entries, missing);
    }

    /// <summary>Waits for the <c>listening</c> line of <c>replicate --listen</c> and returns its port.</summary>
    public static async Task<int> WaitForListeningAsync(this JsProcess process, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(process);
        var line = await process.WaitForLineAsync(l => l.IsEvent("listening"), timeout, ct).ConfigureAwait(false);
        return line.GetProperty("port").GetInt32();
    }

    /// <summary>The <c>HOST:PORT</c> argument for <c>--connect</c>.</summary>
    public static string Loopback(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
}

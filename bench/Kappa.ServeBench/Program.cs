using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kappa.Core;
using Kappa.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Usage: Kappa.ServeBench [--posts N] [--concurrency C] [--clients K] [--events M] [--rate PER_SECOND]
// One process: kappa serve's app on Kestrel at 127.0.0.1 (port 0) over a temp store, driven over loopback.
// Prints one JSON line per phase.
var posts = Arg("--posts", 20_000);
var concurrency = Arg("--concurrency", 32);
var clients = Arg("--clients", 100);
var events = Arg("--events", 5_000);
var rate = Arg("--rate", 1_000);

var dir = Path.Combine(Path.GetTempPath(), "kappa-servebench-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    await using var core = await KappaCore.OpenAsync(dir);
    var options = KappaServerOptions.Default with { Urls = "http://127.0.0.1:0" };
    await using var app = KappaServer.Create(core, options, configure: b => b.Logging.SetMinimumLevel(LogLevel.Warning));
    await app.StartAsync();
    var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };

    // Phase 1: POST /api/entries, one JSON value per request, C requests in flight.
    var latencies = new double[posts];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) is var i && i < posts)
        {
            var started = Stopwatch.GetTimestamp();
            using var content = new StringContent($"{{\"type\":\"bench\",\"n\":{i},\"text\":\"a short message of about sixty bytes\"}}", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("api/entries?writer=bench", content);
            response.EnsureSuccessStatusCode();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    var seconds = clock.Elapsed.TotalSeconds;
    Print("post", new { posts, concurrency, entries_per_s = Math.Round(posts / seconds), p50_ms = P(latencies, 50), p95_ms = P(latencies, 95), p99_ms = P(latencies, 99), ok = core.Feeds.Sum(f => f.Length) == posts });

    // Phase 2: K SSE clients; M entries appended at RATE/s; latency = received − appended (same clock).
    var received = new List<double>[clients];
    var streams = new List<(HttpResponseMessage, Task)>();
    using var stop = new CancellationTokenSource();
    for (var c = 0; c < clients; c++)
    {
        var mine = received[c] = new List<double>(events);
        var request = new HttpRequestMessage(HttpMethod.Get, "api/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        streams.Add((response, Task.Run(() => ReadEntriesAsync(stream, mine, events, stop.Token))));
    }
    var feed = await core.WriterAsync("fanout");
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    clock.Restart();
    for (var i = 0; i < events; i++)
    {
        var due = interval * i;
        if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
        await feed.AppendAsync(new { t = Stopwatch.GetTimestamp(), i });
    }
    var appendSeconds = clock.Elapsed.TotalSeconds;
    var done = Task.WhenAll(streams.Select(s => s.Item2));
    var finished = await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(60))) == done;
    var all = received.SelectMany(r => r).ToArray();
    var delivered = clock.Elapsed.TotalSeconds;
    Print("sse-fanout", new
    {
        clients, events, rate, delivered = all.Length, expected = (long)clients * events, all_delivered = finished && all.Length == (long)clients * events,
        events_per_s = Math.Round(all.Length / delivered), append_s = Math.Round(appendSeconds, 2),
        p50_ms = P(all, 50), p95_ms = P(all, 95), p99_ms = P(all, 99), max_ms = Math.Round(all.DefaultIfEmpty().Max(), 2),
    });
    await stop.CancelAsync();
    foreach (var (response, _) in streams) response.Dispose();
    await app.StopAsync();
}
finally
{
    if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
}

int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

static double P(double[] values, int percentile)
{
    if (values.Length == 0) return double.NaN;
    var sorted = values.Order().ToArray();
    return Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)], 2);
}

static void Print(string phase, object fields)
{
    var json = JsonSerializer.SerializeToNode(fields)!.AsObject();
    json.Insert(0, "phase", phase);
    Console.WriteLine(json.ToJsonString());
}

static async Task ReadEntriesAsync(Stream stream, List<double> latencies, int expected, CancellationToken ct)
{
    using var reader = new StreamReader(stream);
    var isEntry = false;
    while (latencies.Count < expected && await reader.ReadLineAsync(ct) is { } line)
    {
        if (line.StartsWith("event: ", StringComparison.Ordinal)) isEntry = line == "event: entry";
        else if (isEntry && line.StartsWith("data: ", StringComparison.Ordinal))
        {
            var now = Stopwatch.GetTimestamp();
            using var doc = JsonDocument.Parse(line.AsMemory(6));
            if (!doc.RootElement.GetProperty("value").TryGetProperty("t", out var stamp)) continue; // a phase-1 entry
            var t = stamp.GetInt64();
            latencies.Add(Stopwatch.GetElapsedTime(t, now).TotalMilliseconds);
        }
    }
}

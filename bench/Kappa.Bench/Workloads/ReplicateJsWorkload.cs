using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;

namespace Kappa.Bench.Workloads;

/// <summary>
/// Replication between Kappa.NET and a JS kappa-core 6 peer (bench/js/replicate-peer.js) over
/// TCP loopback, non-live. <c>--mode from-js</c>: C# downloads N blocks from JS, timed here from
/// the connection to the end of the session. <c>--mode to-js</c>: JS downloads from C#, timed by
/// the JS downloader the same way. The downloader checks it holds every block. The JS side of
/// these rows is the JS⇄JS run (bench.js replicate-js), so the ratio reads "mixed pair vs JS pair".
/// </summary>
internal static class ReplicateJsWorkload
{
    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var toJs = o.Mode == "to-js";
        if (!toJs && o.Mode != "from-js") throw new ArgumentException("replicate-js needs --mode from-js or --mode to-js");
        var dir = Path.Combine(o.Dir, "replicate-js");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var binary = new FeedStoreOptions { ValueEncoding = ValueEncoding.Binary };
        var perFeed = o.Count / o.Feeds;
        var label = $"{o.Size}B {o.Feeds} feeds {(toJs ? "JS from C#" : "C# from JS")}";
        await using var store = await FeedStore.OpenAsync(Path.Combine(dir, "cs"), binary);
        if (toJs)
        {
            for (var f = 0; f < o.Feeds; f++)
            {
                var feed = await store.WriterAsync("w" + f);
                for (long i = 0; i < perFeed; i += 1000)
                    await feed.AppendRawBatchAsync([.. Enumerable.Range(0, (int)Math.Min(1000, perFeed - i)).Select(j => (ReadOnlyMemory<byte>)Values.Make(i + j, o.Size))]);
            }
        }
        else await (await store.WriterAsync("own")).AppendRawAsync(Values.Make(0, o.Size));

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var node = StartPeer(toJs ? "fetch" : "serve", port, o, Path.Combine(dir, "js"));
        var output = node.StandardOutput.ReadToEndAsync();
        using var socket = await listener.AcceptSocketAsync();
        socket.NoDelay = true;
        var sw = Stopwatch.StartNew();
        await store.ReplicateAsync(socket, isInitiator: false);
        sw.Stop();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0) return new BenchResult("replicate-js", label, 0, 1, 0, $"JS peer exited with {node.ExitCode}: {await node.StandardError.ReadToEndAsync()}");

        if (toJs)
        {
            using var line = JsonDocument.Parse((await output).Trim());
            var r = line.RootElement;
            var got = r.GetProperty("count").GetInt64();
            return new BenchResult("replicate-js", label, got, r.GetProperty("seconds").GetDouble(), got * o.Size, r.GetProperty("check").GetString()!);
        }
        long count = 0, sum = 0;
        foreach (var feed in store.Feeds.Where(f => !f.Writable))
            await foreach (var block in feed.ReadRawAsync())
            {
                count++;
                sum += Values.IndexOf(block.Data.Span);
            }
        var expected = o.Feeds * Values.Checksum(perFeed);
        var check = count != perFeed * o.Feeds ? $"received {count} of {perFeed * o.Feeds}" : sum != expected ? "checksum mismatch" : "ok";
        return new BenchResult("replicate-js", label, count, sw.Elapsed.TotalSeconds, count * o.Size, check);
    }

    private static Process StartPeer(string role, int port, BenchOptions o, string dir)
    {
        var script = Environment.GetEnvironmentVariable("KAPPA_BENCH_JS_PEER") ?? Path.Combine(Environment.CurrentDirectory, "bench", "js", "replicate-peer.js");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, role, "--port", port.ToString(CultureInfo.InvariantCulture), "--count", o.Count.ToString(CultureInfo.InvariantCulture), "--size", o.Size.ToString(CultureInfo.InvariantCulture), "--feeds", o.Feeds.ToString(CultureInfo.InvariantCulture), "--dir", dir })
            start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start node");
    }
}

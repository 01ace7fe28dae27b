using System.Diagnostics;
using Kappa.Hypercore;
using Kappa.Hypercore.Storage;

namespace Kappa.Bench.Workloads;

/// <summary>Appends N blocks to a new feed on disk, one await per block or in batches of 1000; checks by reopening.</summary>
internal static class AppendWorkload
{
    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var dir = Path.Combine(o.Dir, "append");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var sw = new Stopwatch();
        await using (var feed = await Feed.OpenAsync(new DirectoryStorageProvider(dir)))
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Start();
            if (o.Mode == "single")
                for (long i = 0; i < o.Count; i++) await feed.AppendRawAsync(Values.Make(i, o.Size));
            else
                for (long i = 0; i < o.Count; i += 1000)
                    await feed.AppendRawBatchAsync([.. Enumerable.Range(0, (int)Math.Min(1000, o.Count - i)).Select(j => (ReadOnlyMemory<byte>)Values.Make(i + j, o.Size))]);
            sw.Stop();
            if (Environment.GetEnvironmentVariable("KAPPA_BENCH_CPU") == "1")
                Console.Error.WriteLine($"cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s");
        }
        await using var reopened = await Feed.OpenAsync(new DirectoryStorageProvider(dir));
        var last = o.Count == 0 ? 0 : Values.IndexOf((await reopened.GetRawAsync(o.Count - 1)).Span);
        var check = reopened.Length != o.Count ? $"length {reopened.Length} != {o.Count}"
            : o.Count > 0 && last != o.Count - 1 ? $"last value {last}" : "ok";
        return new BenchResult("append", $"{o.Mode} {o.Size}B", o.Count, sw.Elapsed.TotalSeconds, o.Count * o.Size, check);
    }
}

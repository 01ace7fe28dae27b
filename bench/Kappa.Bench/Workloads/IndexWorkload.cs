using System.Diagnostics;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.Bench.Workloads;

/// <summary>
/// Indexes N numeric JSON entries over F feeds into the seed README's sum view (memory or RocksDB
/// store, batches of 100 as kappa-view forces), from opening the store to the view being ready.
/// </summary>
internal static class IndexWorkload
{
    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var dir = Path.Combine(o.Dir, "index");
        var perFeed = o.Count / o.Feeds;
        await FeedFill.WriteAsync(dir, o.Feeds, perFeed, j => j);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await using var core = await KappaCore.OpenAsync(dir);
        await using IViewStore db = o.Store == "rocksdb" ? RocksDbViewStore.Open(core.ViewDirectory("sum")!) : new MemoryViewStore();
        var sum = core.Use("sum", 1, new SumView(db, maxBatch: 100));
        var total = await sum.GetAsync();
        sw.Stop();
        if (Environment.GetEnvironmentVariable("KAPPA_BENCH_CPU") == "1")
            Console.Error.WriteLine($"cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s");
        var expected = (double)o.Feeds * Values.Checksum(perFeed);
        return new BenchResult(o.Workload, $"{o.Store} {o.Feeds} feeds", perFeed * o.Feeds, sw.Elapsed.TotalSeconds, 0,
            total == expected ? "ok" : $"sum {total} != {expected}");
    }
}

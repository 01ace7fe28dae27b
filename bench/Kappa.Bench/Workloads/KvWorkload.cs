using System.Diagnostics;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.Views.KeyValue;

namespace Kappa.Bench.Workloads;

/// <summary>
/// Indexes N rows with random forks into the key/value view on RocksDB (bench/js/kv-workload.js
/// does the same with kappa-view-kv over level). Entry n goes to feed n % F at seq n / F and is
/// {key, links}: one of N/10 keys at random; with a previous version of that key, 85 % link the
/// latest, 5 % the two latest (a merge), 10 % nothing (a fork). Timed from opening the store to
/// the view being ready; checked: total heads over all keys = rows nothing links to.
/// </summary>
internal static class KvWorkload
{
    private sealed record Row(string Key, string[] Links);

    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var dir = Path.Combine(o.Dir, "kv");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var keys = (int)Math.Max(1, o.Count / 10);
        long linked = 0;
        await using (var store = await FeedStore.OpenAsync(dir))
        {
            var feeds = new Kappa.Hypercore.Feed[o.Feeds];
            for (var f = 0; f < o.Feeds; f++) feeds[f] = await store.WriterAsync("w" + f);
            var logs = feeds.Select(_ => new List<Row>()).ToArray();
            var latest = new List<string>?[keys];
            var linkedIds = new HashSet<string>(StringComparer.Ordinal);
            var random = new Random(42);
            for (long n = 0; n < o.Count; n++)
            {
                var f = (int)(n % o.Feeds);
                var id = $"{feeds[f].Key}@{logs[f].Count}";
                var k = random.Next(keys);
                var prev = latest[k] ??= [];
                var roll = random.NextDouble();
                string[] links = prev.Count > 0 && roll < 0.85 ? [prev[^1]] : prev.Count > 1 && roll < 0.90 ? [.. prev] : [];
                foreach (var l in links) if (linkedIds.Add(l)) linked++;
                prev.Add(id);
                if (prev.Count > 2) prev.RemoveAt(0);
                logs[f].Add(new Row("k" + k, links));
            }
            for (var f = 0; f < o.Feeds; f++)
                for (var i = 0; i < logs[f].Count; i += 10_000)
                    await feeds[f].AppendBatchAsync(logs[f].Skip(i).Take(10_000).Select(r => new { key = r.Key, links = r.Links }));
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await using var core = await KappaCore.OpenAsync(dir);
        await using IViewStore db = o.Store == "memory" ? new MemoryViewStore() : RocksDbViewStore.Open(core.ViewDirectory("kv")!);
        var kv = core.Use("kv", 1, new KvView(db));
        await core.ReadyAsync("kv");
        sw.Stop();
        if (Environment.GetEnvironmentVariable("KAPPA_BENCH_CPU") == "1")
            Console.Error.WriteLine($"cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.00} s");

        long heads = 0;
        await foreach (var change in kv.ReadAsync()) heads += change.Heads.Count;
        var expected = o.Count - linked;
        return new BenchResult(o.Workload, $"{(o.Store == "memory" ? "memory" : "rocksdb")} {o.Feeds} feeds", o.Count, sw.Elapsed.TotalSeconds, 0,
            heads == expected ? "ok" : $"heads {heads} != {expected}");
    }
}

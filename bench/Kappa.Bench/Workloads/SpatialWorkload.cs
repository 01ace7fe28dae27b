using System.Diagnostics;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.Views.Spatial;

namespace Kappa.Bench.Workloads;

/// <summary>
/// The spatial view on RocksDB beside unordered-materialized-bkd 1.1.1 (bench/js/spatial-workload.js,
/// wired as kappa-osm: random-access-file trees, float64 points). Entry n goes to feed n % F and is
/// {point: [lon, lat], links}: lon/lat uniform over the world (a fixed seed); 20 % move an earlier
/// point (link its latest version). <c>spatial-index</c>: seconds from opening the store to the view
/// being ready; checked: the world box holds every point nothing links to. <c>spatial-query</c>:
/// after indexing (untimed), the median latency of 21 boxes of 4° × 2° (about 12 points at 10^5);
/// checked: every box's count equals a brute-force count over the current points.
/// </summary>
internal static class SpatialWorkload
{
    private const int Samples = 21;

    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var dir = Path.Combine(o.Dir, "spatial");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var random = new Random(42);
        var current = new Dictionary<string, (double Lon, double Lat)>(StringComparer.Ordinal);
        await using (var store = await FeedStore.OpenAsync(dir))
        {
            var feeds = new Kappa.Hypercore.Feed[o.Feeds];
            for (var f = 0; f < o.Feeds; f++) feeds[f] = await store.WriterAsync("w" + f);
            var logs = feeds.Select(_ => new List<object>()).ToArray();
            var docs = new List<string>();
            for (long n = 0; n < o.Count; n++)
            {
                var f = (int)(n % o.Feeds);
                var id = $"{feeds[f].Key}@{logs[f].Count}";
                var point = ((random.NextDouble() - 0.5) * 360, (random.NextDouble() - 0.5) * 180);
                if (docs.Count > 0 && random.NextDouble() < 0.2)
                {
                    var d = random.Next(docs.Count);
                    current.Remove(docs[d]);
                    logs[f].Add(new { point = new[] { point.Item1, point.Item2 }, links = new[] { docs[d] } });
                    docs[d] = id;
                }
                else
                {
                    logs[f].Add(new { point = new[] { point.Item1, point.Item2 } });
                    docs.Add(id);
                }
                current[id] = point;
            }
            for (var f = 0; f < o.Feeds; f++)
                for (var i = 0; i < logs[f].Count; i += 10_000)
                    await feeds[f].AppendBatchAsync(logs[f].Skip(i).Take(10_000));
        }

        var sw = Stopwatch.StartNew();
        await using var core = await KappaCore.OpenAsync(dir);
        await using var db = RocksDbViewStore.Open(core.ViewDirectory("spatial")!);
        var view = core.Use("spatial", 1, new SpatialView(db));
        await core.ReadyAsync("spatial");
        var indexing = sw.Elapsed.TotalSeconds;
        var check = "ok";
        if (o.Workload == "spatial-index")
        {
            var all = await view.QueryAsync(SpatialBox.FromBbox(-180, -90, 180, 90)).CountAsync();
            if (all != current.Count) check = $"{all} points != {current.Count}";
            return new BenchResult(o.Workload, $"rocksdb {o.Feeds} feeds", o.Count, indexing, 0, check);
        }
        var samples = new List<double>();
        for (var s = 0; s < Samples; s++)
        {
            var (x, y) = ((random.NextDouble() - 0.5) * 352, (random.NextDouble() - 0.5) * 176);
            var box = SpatialBox.FromBbox(x, y, x + 4, y + 2);
            sw.Restart();
            var found = await view.QueryAsync(box).CountAsync();
            samples.Add(sw.Elapsed.TotalSeconds);
            var expected = current.Values.Count(p => p.Lon >= x && p.Lon <= x + 4 && p.Lat >= y && p.Lat <= y + 2);
            if (found != expected) check = $"box {s}: {found} points != {expected}";
        }
        samples.Sort();
        return new BenchResult(o.Workload, $"{o.Count} points, median of {Samples}", 1, samples[Samples / 2], 0, check);
    }
}

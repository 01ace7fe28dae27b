using Kappa.Views.Spatial;

namespace Kappa.Views.Tests.Spatial;

/// <summary>
/// A seeded multi-writer history of points (as Mapeo's observations and nodes): W writers append
/// rows to their own logs (ids "&lt;feed hex&gt;@&lt;seq&gt;") about D documents — creations, moves that
/// link the document's heads, forks (a root again, or a stale parent), merges, tombstones, links
/// to versions that never arrive. Coordinates are often on a 0.1 grid, so box edges land exactly
/// on points. Arrival is multifeed's: runs of one writer's log, writers interleaved at random.
/// </summary>
internal sealed class SpatialScenario
{
    private SpatialScenario(int seed, int dims, List<List<SpatialRow>> batches, List<double> grid)
    {
        Seed = seed;
        Dimensions = dims;
        Batches = batches;
        Grid = grid;
    }

    public int Seed { get; }
    public int Dimensions { get; }
    public List<List<SpatialRow>> Batches { get; }
    public List<double> Grid { get; }
    public IEnumerable<SpatialRow> Rows => Batches.SelectMany(b => b);

    /// <param name="jsSafe">
    /// Leave out what unordered-materialized-bkd gets wrong (its own test): coordinates that tie
    /// on an axis (a grid), after which bkd-tree can lose a delete. Box edges still hit points
    /// exactly: <see cref="Boxes"/> draws them from the points' coordinates.
    /// </param>
    public static SpatialScenario Generate(int seed, int dims = 2, int writers = 5, int docs = 300, int rows = 3000, int maxBatch = 25, bool jsSafe = false)
    {
        var random = new Random(seed);
        var grid = Enumerable.Range(-10, 21).Select(i => i / 10.0).ToList(); // 0.1 is not a float32: JS misses it at box edges
        var pointGrid = jsSafe ? [] : grid;
        var feeds = Enumerable.Range(0, writers).Select(_ => Convert.ToHexStringLower(RandomBytes(random, 32))).ToArray();
        var logs = feeds.Select(_ => new List<SpatialRow>()).ToArray();
        var versions = new Dictionary<int, List<string>>();
        var linked = new HashSet<string>();
        for (var n = 0; n < rows; n++)
        {
            var w = random.Next(writers);
            var doc = (int)(docs * Math.Pow(random.NextDouble(), 2)); // skewed: some documents move a lot
            var id = $"{feeds[w]}@{logs[w].Count}";
            var known = versions.TryGetValue(doc, out var list) ? list : versions[doc] = [];
            var heads = known.Where(x => !linked.Contains(x)).ToList();
            var links = new List<string>();
            double[]? point = Point(random, dims, pointGrid);
            var roll = random.NextDouble();
            if (roll < 0.10 || known.Count == 0) { } // a new root: a fork when the document has versions
            else if (roll < 0.60) links.AddRange(heads.Where(_ => random.NextDouble() < 0.8)); // a move (some heads: a fork stays)
            else if (roll < 0.72) links.AddRange(heads); // a merge
            else if (roll < 0.80) { links.AddRange(heads); point = null; } // deleted
            else if (roll < 0.90) links.Add(known[random.Next(known.Count)]); // a stale parent: a fork
            else links.Add($"{feeds[random.Next(writers)]}@{1_000_000 + random.Next(1000)}"); // never arrives
            foreach (var l in links) linked.Add(l);
            known.Add(id);
            logs[w].Add(new SpatialRow(id, point, links));
        }
        return new SpatialScenario(seed, dims, Interleave(random, logs, maxBatch), grid);
    }

    /// <summary>Random boxes: edges from the grid or the points' own coordinates (exact hits) or anywhere, some tiny, some wide.</summary>
    public IEnumerable<SpatialBox> Boxes(int count)
    {
        var random = new Random(Seed ^ 0x5a5a);
        var coordinates = Rows.Where(r => r.Point is not null).SelectMany(r => r.Point!).ToList();
        for (var i = 0; i < count; i++)
        {
            var min = new double[Dimensions];
            var max = new double[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                var a = random.Next(3) == 0 ? coordinates[random.Next(coordinates.Count)] : Coordinate(random, Grid);
                var b = random.Next(4) == 0 ? a : random.Next(3) == 0 ? coordinates[random.Next(coordinates.Count)] : Coordinate(random, Grid);
                (min[d], max[d]) = (Math.Min(a, b), Math.Max(a, b));
            }
            yield return new SpatialBox(min, max);
        }
    }

    private static double[] Point(Random random, int dims, List<double> grid) =>
        [.. Enumerable.Range(0, dims).Select(_ => Coordinate(random, grid))];

    private static double Coordinate(Random random, List<double> grid) => random.Next(3) switch
    {
        0 when grid.Count > 0 => grid[random.Next(grid.Count)],
        1 => (random.NextDouble() - 0.5) * 2.2,
        _ => (random.NextDouble() - 0.5) * 360,
    };

    private static List<List<SpatialRow>> Interleave(Random random, List<SpatialRow>[] logs, int maxBatch)
    {
        var at = new int[logs.Length];
        var batches = new List<List<SpatialRow>>();
        while (true)
        {
            var open = Enumerable.Range(0, logs.Length).Where(w => at[w] < logs[w].Count).ToList();
            if (open.Count == 0) return batches;
            var w = open[random.Next(open.Count)];
            var size = Math.Min(1 + random.Next(maxBatch), logs[w].Count - at[w]);
            batches.Add(logs[w].GetRange(at[w], size));
            at[w] += size;
        }
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}

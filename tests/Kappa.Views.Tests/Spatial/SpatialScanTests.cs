using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.Spatial;
using Xunit.Abstractions;

namespace Kappa.Views.Tests.Spatial;

/// <summary>A box query reads the points in the box and little else (BIGMIN jumps), counted on a real RocksDB store.</summary>
public class SpatialScanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_small_box_reads_a_few_rows_not_the_whole_store()
    {
        const int seed = 4711;
        var random = new Random(seed);
        using var dir = new TempDirectory("spatial-scan");
        await using var rocks = RocksDbViewStore.Open(dir.Path);
        var counting = new CountingViewStore(rocks);
        var view = new SpatialView(counting, 2, SpatialTestRows.Explicit);
        var f = new string('e', 64);
        const int points = 20_000; // lon/lat over the world
        var rows = Enumerable.Range(0, points).Select(i => new SpatialRow($"{f}@{i}", [(random.NextDouble() - 0.5) * 360, (random.NextDouble() - 0.5) * 180])).ToList();
        await SpatialTestRows.IndexAsync(view, rows.Chunk(1000));
        var current = SpatialTestRows.Current(rows, 2);

        var worst = 0.0;
        for (var q = 0; q < 30; q++)
        {
            var (x, y) = ((random.NextDouble() - 0.5) * 340, (random.NextDouble() - 0.5) * 160);
            var box = SpatialBox.FromBbox(x, y, x + 8, y + 4); // about 1/2000 of the area: ~10 points
            counting.Count.Reset();
            var found = await SpatialTestRows.QueryAsync(view, box);
            Assert.Equal(SpatialTestRows.Query(current, box), found);
            var read = counting.Count.Rows;
            output.WriteLine($"box {q}: {found.Count} points, {read} rows read in {counting.Count.Scans} scans");
            Assert.True(read <= 4 * found.Count + 40, $"seed {seed}, box {q}: read {read} rows for {found.Count} points");
            worst = Math.Max(worst, read);
        }
        Assert.True(worst < points / 50, $"seed {seed}: a small box read {worst} of {points} rows");
    }
}

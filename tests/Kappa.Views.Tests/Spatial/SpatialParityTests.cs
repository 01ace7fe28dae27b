using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.Spatial;
using Xunit.Abstractions;

namespace Kappa.Views.Tests.Spatial;

/// <summary>
/// The same multi-writer histories (moves, forks, merges, tombstones, links to versions that never
/// arrive, out-of-order arrival) through unordered-materialized-bkd 1.1.1 with float64 points and
/// our view: the same current points for the same boxes. The module's order is its trees', so
/// answers are compared as sorted lists. One JS defect is carved out exactly, and has its own test
/// (<see cref="SpatialJsDefectTests"/>, with the others): a wide box can skip a current point the
/// module still holds — such a point must then be one JS returns for a box around it alone.
/// </summary>
public class SpatialParityTests(BkdJsFixture js, ITestOutputHelper output) : IClassFixture<BkdJsFixture>
{
    [JsTheory]
    [InlineData(11, false)]
    [InlineData(2026, false)]
    [InlineData(7, true)]
    [InlineData(31337, true)]
    public async Task Current_points_equal_unordered_materialized_bkd_on_seeded_histories(int seed, bool rocksDb)
    {
        var scenario = SpatialScenario.Generate(seed, writers: 6, docs: 400, rows: 3000, jsSafe: true);
        var boxes = scenario.Boxes(120).Append(SpatialBox.FromBbox(-180, -90, 180, 90)).ToList();
        using var dir = new TempDirectory("spatial-parity");
        await using IViewStore store = rocksDb ? RocksDbViewStore.Open(dir.Path) : new MemoryViewStore();
        var view = new SpatialView(store, 2, SpatialTestRows.Explicit);
        await SpatialTestRows.IndexAsync(view, scenario.Batches);
        var theirs = await js.QueryAsync(scenario.Batches, boxes);
        Assert.Empty(theirs.BatchErrors);
        var model = SpatialTestRows.Current(scenario.Rows, 2);

        var compared = 0;
        var skipped = new Dictionary<string, (string Id, double[] Point)>();
        for (var i = 0; i < boxes.Count; i++)
        {
            var ours = (await view.QueryAsync(boxes[i]).ToListAsync()).Select(p => (p.Id, Point: p.Coordinates.ToArray())).ToList();
            var shown = ours.Select(SpatialTestRows.Show).Order(StringComparer.Ordinal).ToList();
            Assert.True(SpatialTestRows.Query(model, boxes[i]).Order(StringComparer.Ordinal).SequenceEqual(shown), $"seed {seed}, box {i}: ours differs from the model");
            var jsPoints = theirs.Results[i].Select(SpatialTestRows.Show).Order(StringComparer.Ordinal).ToList();
            var onlyJs = jsPoints.Except(shown).ToList();
            Assert.True(onlyJs.Count == 0 && jsPoints.Count == jsPoints.Distinct().Count(),
                $"seed {seed}, box {i} [{string.Join(",", boxes[i].Min)}]-[{string.Join(",", boxes[i].Max)}]: only JS [{string.Join(" ", onlyJs)}]");
            foreach (var p in ours.Where(p => !jsPoints.Contains(SpatialTestRows.Show(p)))) skipped[SpatialTestRows.Show(p)] = p;
            compared += ours.Count;
        }
        Assert.True(compared > 300, $"seed {seed}: only {compared} points compared");

        // What JS skipped must still be in its index: a box around the point alone finds it.
        var alone = skipped.Values.Select(p => new SpatialBox(p.Point, p.Point)).ToList();
        var found = alone.Count == 0 ? [] : (await js.QueryAsync(scenario.Batches, alone)).Results;
        var missing = skipped.Keys.Where((key, i) => !found[i].Select(SpatialTestRows.Show).Contains(key)).ToList();
        output.WriteLine($"seed {seed}: {compared} points compared, {skipped.Count} skipped by a wide JS box and found alone");
        Assert.True(missing.Count == 0, $"seed {seed}: JS lost [{string.Join(" ", missing)}]");
    }
}

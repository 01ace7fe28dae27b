using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.Spatial;

namespace Kappa.Views.Tests.Spatial;

/// <summary>The view against the rule written the obvious way (<see cref="SpatialTestRows.Current"/>), on seeded histories and boxes.</summary>
public class SpatialModelTests
{
    [Theory]
    [InlineData(1, 2, false)]
    [InlineData(20261201, 2, true)]
    [InlineData(777, 3, false)]
    public async Task Random_histories_answer_every_box_as_the_model_in_any_arrival_order(int seed, int dims, bool rocksDb)
    {
        var scenario = SpatialScenario.Generate(seed, dims, rows: 2000);
        var current = SpatialTestRows.Current(scenario.Rows, dims);
        using var dir = new TempDirectory("spatial-model");
        await using IViewStore multifeedOrder = rocksDb ? RocksDbViewStore.Open(Path.Combine(dir.Path, "a")) : new MemoryViewStore();
        await using IViewStore anyOrder = rocksDb ? RocksDbViewStore.Open(Path.Combine(dir.Path, "b")) : new MemoryViewStore();
        var a = new SpatialView(multifeedOrder, dims, SpatialTestRows.Explicit);
        var b = new SpatialView(anyOrder, dims, SpatialTestRows.Explicit);
        await SpatialTestRows.IndexAsync(a, scenario.Batches);
        await SpatialTestRows.IndexAsync(b, Shuffle([.. scenario.Rows], new Random(seed)).Chunk(37));

        var hits = 0;
        foreach (var box in scenario.Boxes(150).Append(new SpatialBox([.. Enumerable.Repeat(double.NegativeInfinity, dims)], [.. Enumerable.Repeat(double.PositiveInfinity, dims)])))
        {
            var expected = SpatialTestRows.Query(current, box);
            var ours = await SpatialTestRows.QueryAsync(a, box);
            Assert.True(expected.SequenceEqual(ours), $"seed {seed}, box [{string.Join(",", box.Min)}]-[{string.Join(",", box.Max)}]: model [{string.Join(" ", expected)}] vs multifeed order [{string.Join(" ", ours)}]");
            Assert.True(expected.SequenceEqual(await SpatialTestRows.QueryAsync(b, box)), $"seed {seed}: shuffled arrival differs from the model");
            hits += expected.Count;
        }
        Assert.True(hits > 200, $"seed {seed}: only {hits} points compared");
        Assert.Equal(current.Count, (await a.QueryAsync(SpatialBox.FromBbox([.. Enumerable.Repeat(double.MinValue, dims), .. Enumerable.Repeat(double.MaxValue, dims)])).ToListAsync()).Count);
    }

    [Fact]
    public async Task Replaying_batches_changes_nothing()
    {
        var scenario = SpatialScenario.Generate(5, rows: 600);
        await using var store = new MemoryViewStore();
        var view = new SpatialView(store, 2, SpatialTestRows.Explicit);
        await SpatialTestRows.IndexAsync(view, scenario.Batches);
        await SpatialTestRows.IndexAsync(view, scenario.Batches.Take(10)); // at-least-once input: set semantics absorb it
        var current = SpatialTestRows.Current(scenario.Rows, 2);
        foreach (var box in scenario.Boxes(40)) Assert.Equal(SpatialTestRows.Query(current, box), await SpatialTestRows.QueryAsync(view, box));
    }

    [Fact]
    public async Task A_view_reopened_halfway_over_its_store_continues_to_the_model_points()
    {
        const int seed = 99;
        var scenario = SpatialScenario.Generate(seed, rows: 1500);
        using var dir = new TempDirectory("spatial-reopen");
        var half = scenario.Batches.Count / 2;
        await using (var first = RocksDbViewStore.Open(dir.Path))
            await SpatialTestRows.IndexAsync(new SpatialView(first, 2, SpatialTestRows.Explicit), scenario.Batches.Take(half));
        await using var store = RocksDbViewStore.Open(dir.Path);
        var reopened = new SpatialView(store, 2, SpatialTestRows.Explicit);
        await SpatialTestRows.IndexAsync(reopened, scenario.Batches.Skip(half));
        var current = SpatialTestRows.Current(scenario.Rows, 2);
        foreach (var box in scenario.Boxes(60))
            Assert.True(SpatialTestRows.Query(current, box).SequenceEqual(await SpatialTestRows.QueryAsync(reopened, box)), $"seed {seed}");
    }

    internal static List<T> Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}

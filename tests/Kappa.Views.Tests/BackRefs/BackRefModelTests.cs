using Kappa.Core.Stores;
using Kappa.Views.BackRefs;

namespace Kappa.Views.Tests.BackRefs;

public class BackRefModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(20261201)]
    [InlineData(777)]
    public async Task Random_histories_give_the_model_back_references_in_any_arrival_order(int seed)
    {
        var scenario = BackRefScenario.Generate(seed, rows: 2000);
        var model = BackRefTestRows.Model(scenario.Rows);
        var shuffled = scenario.Rows.ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));

        await using var multifeedOrder = new MemoryViewStore();
        await using var anyOrder = new MemoryViewStore();
        var a = new BackRefsView(multifeedOrder, BackRefTestRows.Explicit);
        var b = new BackRefsView(anyOrder, BackRefTestRows.Explicit);
        await BackRefTestRows.IndexAsync(a, scenario.Batches);
        await BackRefTestRows.IndexAsync(b, shuffled.Chunk(37));

        foreach (var target in scenario.Targets)
        {
            var expected = model.TryGetValue(target, out var m) ? m : [];
            Assert.True(expected.SequenceEqual(await a.GetAsync(target)), $"seed {seed}, id {target}: multifeed order differs from the model");
            Assert.True(expected.SequenceEqual(await b.GetAsync(target)), $"seed {seed}, id {target}: shuffled order differs from the model");
        }
        // Stored rows depend only on the set of rows: any arrival order leaves the same bytes.
        Assert.True(await RowsAsync(multifeedOrder) == await RowsAsync(anyOrder), $"seed {seed}: stored rows depend on arrival order");
    }

    [Fact]
    public async Task Replaying_batches_changes_nothing()
    {
        var scenario = BackRefScenario.Generate(5, rows: 500);
        await using var store = new MemoryViewStore();
        var view = new BackRefsView(store, BackRefTestRows.Explicit);
        await BackRefTestRows.IndexAsync(view, scenario.Batches);
        var before = await RowsAsync(store);
        await BackRefTestRows.IndexAsync(view, scenario.Batches.Take(10)); // at-least-once input: set semantics absorb it
        Assert.Equal(before, await RowsAsync(store));
        foreach (var (target, referrers) in BackRefTestRows.Model(scenario.Rows)) Assert.Equal(referrers, await view.GetAsync(target));
    }

    [Fact]
    public async Task A_view_reopened_over_its_store_continues_to_the_model()
    {
        var scenario = BackRefScenario.Generate(99, rows: 1500);
        await using var store = new MemoryViewStore();
        var half = scenario.Batches.Count / 2;
        await BackRefTestRows.IndexAsync(new BackRefsView(store, BackRefTestRows.Explicit), scenario.Batches.Take(half));
        var reopened = new BackRefsView(store, BackRefTestRows.Explicit); // filters rebuilt from the store
        await BackRefTestRows.IndexAsync(reopened, scenario.Batches.Skip(half));
        foreach (var (target, referrers) in BackRefTestRows.Model(scenario.Rows)) Assert.Equal(referrers, await reopened.GetAsync(target));
    }

    /// <summary>The data rows (without progress) as one hex string, for byte-for-byte comparison.</summary>
    private static async Task<string> RowsAsync(IViewStore store)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var (key, value) in store.ScanAsync(ScanRange.WithPrefix("!d!"u8)))
            text.Append(Convert.ToHexString(key)).Append('=').Append(Convert.ToHexString(value)).Append('\n');
        return text.ToString();
    }
}

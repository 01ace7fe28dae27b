using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.BackRefs;
using Kappa.Views.KeyValue;
using Kappa.Views.Tests.KeyValue;

namespace Kappa.Views.Tests.BackRefs;

/// <summary>
/// The same multi-writer histories through unordered-materialized-backrefs 1.0.1 (level-mem) and
/// our view. Its lists come back in arrival order (its own test in <see cref="BackRefJsDefectTests"/>),
/// so here they are compared as sorted sets. Everything else must be equal.
/// </summary>
public class BackRefParityTests(ViewsJsFixture js) : IClassFixture<ViewsJsFixture>
{
    [JsTheory]
    [InlineData(11, false)]
    [InlineData(2026, false)]
    [InlineData(31337, true)]
    public async Task Back_references_equal_unordered_materialized_backrefs_on_seeded_histories(int seed, bool rocksDb)
    {
        var scenario = BackRefScenario.Generate(seed, writers: 6, documents: 250, targets: 400, rows: 4000);
        using var dir = new TempDirectory("backrefs-parity");
        await using IViewStore store = rocksDb ? RocksDbViewStore.Open(dir.Path) : new MemoryViewStore();
        var view = new BackRefsView(store, BackRefTestRows.Explicit);
        await BackRefTestRows.IndexAsync(view, scenario.Batches);
        var theirs = await js.BackRefsAsync(scenario.Batches.Select(b => b.Select(BackRefTestRows.ToJson)), scenario.Targets);
        var model = BackRefTestRows.Model(scenario.Rows);

        Assert.Empty(theirs.BatchErrors);
        var compared = 0;
        foreach (var target in scenario.Targets)
        {
            var ours = await view.GetAsync(target);
            var normalized = theirs.Refs[target].Order(KvIdOrder.Instance).ToList();
            Assert.True(normalized.SequenceEqual(ours),
                $"seed {seed}, id {target}: JS [{string.Join(",", theirs.Refs[target])}] vs ours [{string.Join(",", ours)}]");
            Assert.True((model.TryGetValue(target, out var m) ? m : []).SequenceEqual(ours), $"seed {seed}, id {target}: ours differs from the model");
            compared += ours.Count;
        }
        Assert.True(compared > 300, $"seed {seed}: only {compared} back-references compared");
    }
}

using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>
/// The same multi-writer histories through unordered-materialized-kv 1.3.0 (level-mem) and our
/// view. Its heads come back in arrival order and a key whose every version was linked reads
/// <c>[""]</c> (both defects have their own tests in <see cref="KvJsDefectTests"/>): here they are
/// compared as sorted sets without "". Everything else must be equal.
/// </summary>
public class KvParityTests(ViewsJsFixture js) : IClassFixture<ViewsJsFixture>
{
    [JsTheory]
    [InlineData(11, false)]
    [InlineData(2026, false)]
    [InlineData(31337, true)]
    public async Task Heads_equal_unordered_materialized_kv_on_seeded_histories(int seed, bool rocksDb)
    {
        var scenario = KvScenario.Generate(seed, writers: 6, keys: 300, rows: 4000);
        using var dir = new TempDirectory("kv-parity");
        await using IViewStore store = rocksDb ? RocksDbViewStore.Open(dir.Path) : new MemoryViewStore();
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, scenario.Batches);
        var theirs = await js.KvAsync(scenario.Batches, scenario.Keys);

        Assert.Empty(theirs.BatchErrors);
        var compared = 0;
        foreach (var key in scenario.Keys)
        {
            var ours = await view.GetHeadsAsync(key);
            var jsHeads = theirs.Heads[key] ?? []; // null: the module's NotFound for a key it never saw
            var normalized = jsHeads.Where(h => h.Length > 0).Order(KvIdOrder.Instance).ToList();
            Assert.True(normalized.SequenceEqual(ours),
                $"seed {seed}, key {key}: JS [{string.Join(",", jsHeads)}] vs ours [{string.Join(",", ours)}]");
            compared += ours.Count;
        }
        Assert.True(compared > 100, $"seed {seed}: only {compared} heads compared");
    }
}

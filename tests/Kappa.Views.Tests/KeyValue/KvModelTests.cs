using Kappa.Core.Stores;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

public class KvModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(20261201)]
    [InlineData(777)]
    public async Task Random_histories_give_the_model_heads_in_any_arrival_order(int seed)
    {
        var scenario = KvScenario.Generate(seed, rows: 2000, jsSafe: false);
        var model = KvTestRows.Model(scenario.Rows);
        var shuffled = Shuffle(scenario.Rows.ToList(), new Random(seed));

        await using var multifeedOrder = new MemoryViewStore();
        await using var anyOrder = new MemoryViewStore();
        var a = new KvView(multifeedOrder, KvTestRows.Explicit);
        var b = new KvView(anyOrder, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(a, scenario.Batches);
        await KvTestRows.IndexAsync(b, shuffled.Chunk(37));

        foreach (var key in scenario.Keys)
        {
            var expected = model.TryGetValue(key, out var h) ? h : [];
            Assert.True(expected.SequenceEqual(await a.GetHeadsAsync(key)), $"seed {seed}, key {key}: multifeed order differs from the model");
            Assert.True(expected.SequenceEqual(await b.GetHeadsAsync(key)), $"seed {seed}, key {key}: shuffled order differs from the model");
        }
        var scanned = await a.ReadAsync().ToListAsync();
        Assert.Equal(model.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key).Order(StringComparer.Ordinal), scanned.Select(c => c.Key));
    }

    [Fact]
    public async Task Replaying_a_batch_changes_nothing()
    {
        var scenario = KvScenario.Generate(5, rows: 500, jsSafe: false);
        await using var store = new MemoryViewStore();
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, scenario.Batches);
        await KvTestRows.IndexAsync(view, scenario.Batches.Take(10)); // at-least-once input: set semantics absorb it
        var model = KvTestRows.Model(scenario.Rows);
        foreach (var (key, heads) in model) Assert.Equal(heads, await view.GetHeadsAsync(key));
    }

    [Fact]
    public async Task A_view_reopened_halfway_over_its_store_continues_to_the_model_heads()
    {
        const int seed = 99;
        var scenario = KvScenario.Generate(seed, rows: 2000, jsSafe: false);
        await using var store = new MemoryViewStore();
        var half = scenario.Batches.Count / 2;
        await KvTestRows.IndexAsync(new KvView(store, KvTestRows.Explicit), scenario.Batches.Take(half));
        var reopened = new KvView(store, KvTestRows.Explicit); // its filters start from a scan of the stored view
        await KvTestRows.IndexAsync(reopened, scenario.Batches.Skip(half));
        foreach (var (key, heads) in KvTestRows.Model(scenario.Rows))
            Assert.True(heads.SequenceEqual(await reopened.GetHeadsAsync(key)), $"seed {seed}, key {key}");
    }

    [Fact]
    public async Task One_id_under_several_keys_leaves_every_key_when_linked_later()
    {
        var f = new string('f', 64);
        await using var store = new MemoryViewStore();
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, [[new KvRow("a", f + "@1"), new KvRow("b", f + "@1")], [new KvRow("c", f + "@1")]]);
        var reopened = new KvView(store, KvTestRows.Explicit);
        Assert.Equal([f + "@1"], await reopened.GetHeadsAsync("c"));
        await KvTestRows.IndexAsync(reopened, [[new KvRow("a", f + "@2", [f + "@1"])]]);
        Assert.Equal([f + "@2"], await reopened.GetHeadsAsync("a"));
        Assert.Empty(await reopened.GetHeadsAsync("b"));
        Assert.Empty(await reopened.GetHeadsAsync("c"));
    }

    private static List<T> Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}

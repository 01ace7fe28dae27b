using Kappa.Views.List;
using Kappa.Views.Query;
using Q = Kappa.Views.Query.Query;

namespace Kappa.Views.Tests.Query;

public class QueryIndexingTests
{
    [Fact]
    public async Task Falsy_values_are_indexed_and_found_by_exact_type()
    {
        await using var f = await QueryFixture.OpenAsync(new QueryIndex("n", "n"));
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new object?[] { new { n = 0 }, new { n = "" }, new { n = false }, new { n = (object?)null }, new { n = "0" }, new { m = 0 } });

        Assert.Equal([0L], (await f.RunAsync(Q.Where("n", 0))).Select(e => e.Seq));
        Assert.Equal([1L], (await f.RunAsync(Q.Where("n", ""))).Select(e => e.Seq));
        Assert.Equal([2L], (await f.RunAsync(Q.Where("n", SortValue.Boolean(false)))).Select(e => e.Seq));
        Assert.Equal([3L], (await f.RunAsync(Q.Where("n", SortValue.Null))).Select(e => e.Seq));
        Assert.Equal([4L], (await f.RunAsync(Q.Where("n", "0"))).Select(e => e.Seq));
        Assert.Equal("n", f.View.Explain(Q.Where("n", 0)).Index?.Name);
    }

    [Fact]
    public async Task An_entry_missing_an_indexed_path_is_not_in_that_index_yet_still_found_by_queries_that_do_not_need_it()
    {
        await using var f = await QueryFixture.OpenAsync(new QueryIndex("ab", "a", "b"));
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new object[] { new { a = 1 }, new { a = 1, b = 2 }, new { a = 1, b = new[] { 2 } } });

        var onlyA = Q.Where("a", 1);
        Assert.Null(f.View.Explain(onlyA).Index); // "ab" would drop {a:1}: not eligible
        Assert.Equal([0L, 1, 2], (await f.RunAsync(onlyA)).Select(e => e.Seq));
        var both = Q.Where("a", 1).And("b", 2);
        Assert.Equal("ab", f.View.Explain(both).Index?.Name);
        Assert.Equal([1L], (await f.RunAsync(both)).Select(e => e.Seq));
    }

    [Fact]
    public async Task A_missing_intermediate_object_never_throws_and_never_faults_the_view()
    {
        await using var f = await QueryFixture.OpenAsync(new QueryIndex("deep", "x.y.z"));
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new object?[] { new { x = 5 }, new { x = new { y = (object?)null } }, new { x = new { y = "s" } }, 7, "text", null, new { x = new { y = new { z = 0 } } } });

        Assert.Equal([6L], (await f.RunAsync(Q.Where("x.y.z", 0))).Select(e => e.Seq));
        Assert.Equal([6L], (await f.RunAsync(new Q().Range("x.y.z", atLeast: -1))).Select(e => e.Seq));
        Assert.Equal(7, (await f.RunAsync(new Q())).Count);
    }

    [Fact]
    public async Task Ranges_are_typed_so_a_numeric_range_never_returns_strings()
    {
        await using var f = await QueryFixture.OpenAsync(new QueryIndex("t", "t"));
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new object[] { new { t = 5 }, new { t = "50" }, new { t = 500 }, new { t = true }, new { t = "a" } });

        Assert.Equal([0L, 2], (await f.RunAsync(new Q().Range("t", greaterThan: 1))).Select(e => e.Seq));
        Assert.Equal([1L, 4], (await f.RunAsync(new Q().Range("t", atLeast: ""))).Select(e => e.Seq));
        Assert.Equal([0L], (await f.RunAsync(new Q().Range("t", greaterThan: 1, lessThan: 500))).Select(e => e.Seq));
        Assert.Equal([0L], (await f.RunAsync(new Q().Range("t", greaterThan: 1, atMost: 5))).Select(e => e.Seq));
        Assert.Empty(await f.RunAsync(new Q().Range("t", greaterThan: 1, lessThan: "z"))); // mixed kinds match nothing
    }
}

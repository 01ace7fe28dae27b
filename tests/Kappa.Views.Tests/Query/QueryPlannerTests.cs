using Kappa.Views.Query;
using Q = Kappa.Views.Query.Query;

namespace Kappa.Views.Tests.Query;

public class QueryPlannerTests
{
    private static readonly QueryIndex[] Indexes =
    [
        new("typ", "type", "timestamp"),
        new("ts", "timestamp"),
        new("chan", "type", "content.channel", "timestamp"),
    ];

    [Fact]
    public void Equalities_outscore_ranges_and_a_served_sort_breaks_the_tie()
    {
        var view = new QueryView(new Kappa.Core.Stores.MemoryViewStore(), Indexes);

        var byType = view.Explain(Q.Where("type", "chat/text").Range("timestamp", atLeast: 100).OrderBy("timestamp"));
        Assert.Equal("typ", byType.Index?.Name);
        Assert.Equal(4, byType.Score); // 2·1 equality + 1 range + 1 sort
        Assert.True(byType.SortServed);
        Assert.Empty(byType.Residual);

        var channel = view.Explain(Q.Where("type", "chat/text").And("content.channel", "default").OrderBy("timestamp", reverse: true).Take(50));
        Assert.Equal("chan", channel.Index?.Name);
        Assert.Equal(5, channel.Score); // 2·2 + sort
        Assert.Contains("typ: 3", channel.Candidates);
        Assert.Contains("ts: 1", channel.Candidates);

        var range = view.Explain(new Q().Range("timestamp", lessThan: 5));
        Assert.Equal("ts", range.Index?.Name);
        Assert.Contains(range.Candidates, c => c.StartsWith("typ: not eligible", StringComparison.Ordinal));
    }

    [Fact]
    public void A_query_no_index_can_serve_is_a_full_scan_with_every_condition_as_a_filter()
    {
        var view = new QueryView(new Kappa.Core.Stores.MemoryViewStore(), Indexes);
        var plan = view.Explain(Q.Where("author", "x").OrderBy("likes"));
        Assert.Equal("ts", view.Explain(Q.Where("author", "x").OrderBy("timestamp")).Index?.Name); // a served sort alone scores 1
        Assert.Null(plan.Index);
        Assert.False(plan.SortServed);
        Assert.Single(plan.Residual);
        Assert.StartsWith("full scan", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_with_neither_value_nor_bound_is_refused()
    {
        var view = new QueryView(new Kappa.Core.Stores.MemoryViewStore(), Indexes);
        Assert.Throws<ArgumentException>(() => view.Explain(new Q { Conditions = [new QueryCondition("type")] }));
    }
}

using Kappa.Views.Query;
using Q = Kappa.Views.Query.Query;

namespace Kappa.Views.Tests.Query;

public class QueryLiveTests
{
    [Fact]
    public async Task A_live_query_yields_old_results_then_synced_then_only_new_matches()
    {
        await using var f = await QueryFixture.OpenAsync(new QueryIndex("typ", "type", "timestamp"));
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new object[] { new { type = "chat/text", timestamp = 1 }, new { type = "about", timestamp = 2 }, new { type = "chat/text", timestamp = 3 } });
        using var cts = new CancellationTokenSource(QueryFixture.Timeout);
        var query = Q.Where("type", "chat/text").OrderBy("timestamp", reverse: true).Take(1);
        await using var live = f.View.LiveAsync(query, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await live.MoveNextAsync());
        Assert.Equal((QueryChangeKind.Old, 2L), (live.Current.Kind, live.Current.Entry!.Seq)); // the limit applies to old results
        Assert.True(await live.MoveNextAsync());
        Assert.Equal(QueryChangeKind.Synced, live.Current.Kind);

        await w.AppendBatchAsync(new object[] { new { type = "about", timestamp = 4 }, new { type = "chat/text", timestamp = 0 }, new { type = "chat/text" } });
        Assert.True(await live.MoveNextAsync());
        Assert.Equal((QueryChangeKind.New, 4L), (live.Current.Kind, live.Current.Entry!.Seq));
        await w.AppendAsync(new { type = "chat/text", timestamp = 9 });
        Assert.True(await live.MoveNextAsync());
        Assert.Equal((QueryChangeKind.New, 6L), (live.Current.Kind, live.Current.Entry!.Seq));
    }
}

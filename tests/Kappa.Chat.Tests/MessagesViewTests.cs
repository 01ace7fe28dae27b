using Kappa.Chat.Messages;
using Kappa.Multifeed.Replication;
using Kappa.TestSupport;
using Kappa.Views.List;

namespace Kappa.Chat.Tests;

public class MessagesViewTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_writers_with_the_same_timestamp_are_both_shown_ordered_by_feed()
    {
        using var dir = new TempDirectory("chat-tie");
        var key = CabalKey.Random();
        await using var a = await Cabal.OpenAsync(dir.Combine("a"), key);
        await using var b = await Cabal.OpenAsync(dir.Combine("b"), key);
        await a.SendAsync("from a", timestamp: 1_700_000_000_000);
        await b.SendAsync("from b", timestamp: 1_700_000_000_000);
        await ReplicateAsync(a, b);

        var page = await a.PageAsync("default");
        Assert.Equal(2, page.Count);
        Assert.Equal(page.Select(p => p.Message.Feed).Order(), page.Select(p => p.Message.Feed));
        Assert.Equal(["from a", "from b"], page.Select(p => p.Message.Text).Order());
    }

    [Fact]
    public async Task Paging_through_ten_thousand_messages_back_and_forth_never_skips_or_repeats()
    {
        const int seed = 12;
        var random = new Random(seed);
        using var dir = new TempDirectory("chat-paging");
        await using var cabal = await Cabal.OpenAsync(dir.Combine("a"));
        // Few distinct timestamps (many ties) and fractional ones, as cabal-core writes them.
        var blocks = Enumerable.Range(0, 10_000)
            .Select(i => (ReadOnlyMemory<byte>)CabalMessages.Text("default", "m" + i, 1_700_000_000_000 + random.Next(0, 500) + (random.Next(0, 3) * 0.001)))
            .ToList();
        for (var i = 0; i < blocks.Count; i += 1000) await cabal.Local.AppendRawBatchAsync(blocks.GetRange(i, 1000));

        var back = new List<ListPosition>();
        ListPosition? before = null;
        while (true)
        {
            var page = await cabal.PageAsync("default", 97, before: before);
            if (page.Count == 0) break;
            back.InsertRange(0, page.Select(p => p.Position));
            before = page[0].Position;
        }
        var forward = new List<ListPosition>();
        ListPosition? after = null;
        while (true)
        {
            var page = await cabal.PageAsync("default", 89, after: after, forward: true);
            if (page.Count == 0) break;
            forward.AddRange(page.Select(p => p.Position));
            after = page[^1].Position;
        }
        Assert.True(back.Count == 10_000, $"seed {seed}: backwards paging saw {back.Count} messages");
        Assert.True(back.Distinct().Count() == 10_000, $"seed {seed}: backwards paging repeated messages");
        Assert.True(back.SequenceEqual(forward), $"seed {seed}: forward and backward paging disagree");
        Assert.True(back.SequenceEqual(back.Order()), $"seed {seed}: pages are out of order");
    }

    [Fact]
    public async Task A_message_replicated_late_appears_in_its_place_in_a_live_tail()
    {
        using var dir = new TempDirectory("chat-late");
        var key = CabalKey.Random();
        await using var a = await Cabal.OpenAsync(dir.Combine("a"), key);
        await using var b = await Cabal.OpenAsync(dir.Combine("b"), key);
        await a.SendAsync("first", timestamp: 1_000);
        await a.SendAsync("third", timestamp: 3_000);
        await b.SendAsync("second, written offline", timestamp: 2_000);

        using var cts = new CancellationTokenSource(Timeout);
        var seen = new List<(ListPosition Position, ChatMessage Message)?>();
        var tail = a.TailAsync("default", 10, cts.Token).GetAsyncEnumerator(cts.Token);
        while (await tail.MoveNextAsync() && tail.Current is not null) seen.Add(tail.Current);
        Assert.Equal(["first", "third"], seen.Select(s => s!.Value.Message.Text));

        await ReplicateAsync(a, b);
        Assert.True(await tail.MoveNextAsync());
        var late = tail.Current!.Value;
        Assert.Equal("second, written offline", late.Message.Text);
        Assert.True(late.Position > seen[0]!.Value.Position && late.Position < seen[1]!.Value.Position, "the late message belongs between the two");
        await cts.CancelAsync();
        try { await tail.DisposeAsync(); } catch (OperationCanceledException) { }
    }

    [Fact]
    public async Task A_future_timestamp_keeps_its_claimed_place()
    {
        using var dir = new TempDirectory("chat-future");
        await using var cabal = await Cabal.OpenAsync(dir.Combine("a"));
        var future = DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeMilliseconds() + 0.5;
        await cabal.SendAsync("from the future", timestamp: future);
        await cabal.SendAsync("now");
        var page = await cabal.PageAsync("default");
        Assert.Equal(["now", "from the future"], page.Select(p => p.Message.Text));
        Assert.Equal(future, page[1].Message.Timestamp);
    }

    internal static async Task ReplicateAsync(Cabal a, Cabal b)
    {
        var (client, server) = await Loopback.ConnectedPairAsync();
        using (client)
        using (server)
        {
            var left = a.Core.ReplicateAsync(client, true, a.ReplicationOptions(live: false));
            var right = b.Core.ReplicateAsync(server, false, b.ReplicationOptions(live: false));
            var results = await Task.WhenAll(left, right).WaitAsync(Timeout);
            Assert.All(results, (ReplicationResult r) => Assert.True(r.Synced));
        }
    }
}

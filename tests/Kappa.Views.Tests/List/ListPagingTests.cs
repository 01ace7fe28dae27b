using Kappa.Views.List;
using Xunit.Abstractions;

namespace Kappa.Views.Tests.List;

public class ListPagingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(20261201)]
    [InlineData(7)]
    public async Task Paging_forward_and_back_with_cursors_reconstructs_the_full_order_exactly(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var f = await ListFixture.OpenAsync();
        var expected = new List<ListPosition>();
        for (var w = 0; w < 3; w++)
        {
            var writer = await f.WriterAsync("w" + w);
            // Few distinct timestamps (ties across and within writers), some fractional, as Cabal writes them.
            var values = Enumerable.Range(0, 150).Select(_ => random.Next(0, 40) + (random.Next(4) == 0 ? 0.5 : 0)).ToList();
            await writer.AppendBatchAsync(values.Select(t => new { ch = "c", t }));
            expected.AddRange(values.Select((t, i) => new ListPosition(t, writer.Key, i)));
        }
        expected.Sort();

        var forward = new List<ListPosition>();
        ListPosition? after = null;
        while (true)
        {
            var page = await f.ReadAsync(new ListQuery { Partition = "c", After = after, Limit = random.Next(1, 60) });
            if (page.Count == 0) break;
            forward.AddRange(page.Select(e => e.Position));
            after = page[^1].Position;
        }
        Assert.True(expected.SequenceEqual(forward), $"forward paging differs (seed {seed})");

        var backward = new List<ListPosition>();
        ListPosition? before = null;
        while (true)
        {
            var page = await f.ReadAsync(new ListQuery { Partition = "c", Before = before, Reverse = true, Limit = random.Next(1, 60) });
            if (page.Count == 0) break;
            backward.AddRange(page.Select(e => e.Position));
            before = page[^1].Position;
        }
        backward.Reverse();
        Assert.True(expected.SequenceEqual(backward), $"backward paging differs (seed {seed})");

        // Scroll back and forth from the newest page, as a chat client does; every page must be the
        // exact slice of the full order next to the previous one.
        var newest = await f.ReadAsync(new ListQuery { Partition = "c", Reverse = true, Limit = 50 });
        var (lo, hi) = (expected.Count - newest.Count, expected.Count); // the window shown: expected[lo..hi)
        Assert.True(expected[lo..hi].SequenceEqual(newest.Select(e => e.Position).Reverse()), $"newest page (seed {seed})");
        for (var step = 0; step < 60; step++)
        {
            var limit = random.Next(1, 30);
            if (random.Next(2) == 0)
            {
                var older = await f.ReadAsync(new ListQuery { Partition = "c", Before = expected[lo], Reverse = true, Limit = limit });
                var want = expected[Math.Max(0, lo - limit)..lo]; // empty at the start: paging past it yields nothing
                Assert.True(want.SequenceEqual(older.Select(e => e.Position).Reverse()), $"step {step}: older page before {lo} (seed {seed})");
                lo -= older.Count;
            }
            else
            {
                var newer = await f.ReadAsync(new ListQuery { Partition = "c", After = expected[hi - 1], Limit = limit });
                var want = expected[hi..Math.Min(expected.Count, hi + limit)];
                Assert.True(want.SequenceEqual(newer.Select(e => e.Position)), $"step {step}: newer page after {hi} (seed {seed})");
                hi += newer.Count;
            }
            if (lo == 0 && hi == expected.Count)
            {
                lo = random.Next(expected.Count); // seen it all: start again from one entry somewhere
                hi = lo + 1;
            }
        }
    }

    [Fact]
    public async Task Value_bounds_are_inclusive_and_cursors_exclusive_even_among_ties()
    {
        await using var f = await ListFixture.OpenAsync();
        var a = await f.WriterAsync("a");
        await a.AppendBatchAsync(new[] { 1, 2, 2, 2, 3 }.Select(t => new { ch = "c", t }));
        var all = await f.ReadAsync(new ListQuery { Partition = "c" });

        Assert.Equal([1L, 2, 3], (await f.ReadAsync(new ListQuery { Partition = "c", From = 2, To = 2 })).Select(e => e.Seq));
        Assert.Equal([3L, 4], (await f.ReadAsync(new ListQuery { Partition = "c", After = all[2].Position })).Select(e => e.Seq));
        Assert.Equal([1L, 0], (await f.ReadAsync(new ListQuery { Partition = "c", Before = all[2].Position, Reverse = true })).Select(e => e.Seq));
        Assert.Equal([2L], (await f.ReadAsync(new ListQuery { Partition = "c", After = all[1].Position, Before = all[3].Position })).Select(e => e.Seq));
        Assert.Equal(all[3].Position, await f.List.PositionAsync("c", a.Key, 3));
        Assert.Null(await f.List.PositionAsync("other", a.Key, 3));
    }
}

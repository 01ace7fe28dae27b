using System.Text.Json;
using Kappa.Views.List;

namespace Kappa.Views.Tests.List;

public class ListOrderTests
{
    [Fact]
    public async Task Two_writers_with_the_same_timestamp_are_both_kept_ordered_by_feed_then_seq()
    {
        await using var f = await ListFixture.OpenAsync();
        var a = await f.WriterAsync("a");
        var b = await f.WriterAsync("b");
        await a.AppendBatchAsync(new[] { new { ch = "default", t = 1000, text = "a0" }, new { ch = "default", t = 1000, text = "a1" } });
        await b.AppendBatchAsync(new[] { new { ch = "default", t = 1000, text = "b0" }, new { ch = "default", t = 1000, text = "b1" } });

        var entries = await f.ReadAsync(new ListQuery { Partition = "default" });

        var (first, second) = a.Key < b.Key ? ("a", "b") : ("b", "a");
        Assert.Equal([first + "0", first + "1", second + "0", second + "1"], entries.Select(Text));
        Assert.All(entries, e => Assert.Equal(SortValue.FromNumber(1000), e.Sort));
    }

    [Fact]
    public async Task Numbers_sort_numerically_and_before_strings_which_sort_by_utf8_bytes()
    {
        await using var f = await ListFixture.OpenAsync("v", null);
        var w = await f.WriterAsync("w");
        object[] values = [10, 9, 100, 2, -1.5, 1e21, -0.0, "10", "9", "a", "é", "😀", "\uFFFD", "", 0.25];
        await w.AppendBatchAsync(values.Select(v => new Dictionary<string, object> { ["v"] = v }));

        var entries = await f.ReadAsync(new ListQuery());

        Assert.Equal(
            ["-1.5", "0", "0.25", "2", "9", "10", "100", "1e+21", "\"\"", "\"10\"", "\"9\"", "\"a\"", "\"é\"", "\"\uFFFD\"", "\"😀\""],
            entries.Select(e => e.Sort.ToString()));
    }

    [Fact]
    public async Task A_number_and_a_string_that_look_alike_are_different_values()
    {
        await using var f = await ListFixture.OpenAsync("v", null);
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new object[] { new { v = 100 }, new { v = "100" } });

        var numbers = await f.ReadAsync(new ListQuery { From = 100, To = 100 });
        var strings = await f.ReadAsync(new ListQuery { From = "100", To = "100" });

        Assert.Equal(0, Assert.Single(numbers).Seq);
        Assert.Equal(1, Assert.Single(strings).Seq);
    }

    [Fact]
    public async Task A_partition_never_sees_entries_of_a_partition_whose_name_extends_it()
    {
        await using var f = await ListFixture.OpenAsync();
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new[] { "foo", "foo!bar", "fo", "foo\u0000", "foo!" }.Select((ch, i) => new { ch, t = i }));

        foreach (var ch in new[] { "foo", "foo!bar", "fo", "foo\u0000", "foo!" })
            Assert.Equal([ch], (await f.ReadAsync(new ListQuery { Partition = ch })).Select(e => e.Partition));
        Assert.Empty(await f.ReadAsync(new ListQuery { Partition = "f" }));
        Assert.Empty(await f.ReadAsync(new ListQuery())); // the list without partitions is a partition of its own
    }

    [Fact]
    public async Task Entries_without_a_usable_sort_value_are_left_out_and_never_fault_the_view()
    {
        await using var f = await ListFixture.OpenAsync("a.b", null);
        var w = await f.WriterAsync("w");
        await w.AppendBatchAsync(new object[] { new { a = new { b = 2 } }, new { a = 5 }, new { c = 1 }, 7, "text", new { a = new { b = true } }, new { a = new { b = new[] { 1 } } }, new { a = new { b = "x" } } });

        var entries = await f.ReadAsync(new ListQuery());

        Assert.Equal([0L, 7], entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_map_that_throws_faults_the_list_alone_and_reads_report_the_error()
    {
        await using var f = await ListFixture.OpenAsync();
        var broken = f.Core.Use("broken", 1, new ListView(new Kappa.Core.Stores.MemoryViewStore(), e => throw new InvalidOperationException("boom")));
        var w = await f.WriterAsync("w");
        await w.AppendAsync(new { ch = "c", t = 1 });

        var error = await Assert.ThrowsAsync<Kappa.Core.Views.ViewException>(() => broken.PageAsync(new ListQuery()).WaitAsync(ListFixture.Timeout));
        Assert.Equal(Kappa.Core.Views.ViewException.MapFailed, error.Code);
        Assert.Single(await f.ReadAsync(new ListQuery { Partition = "c" })); // reads wait for their own view only
    }

    private static string Text(ListEntry e) => e.Json().GetProperty("text").GetString()!;
}

using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

public class ListCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task List_orders_numbers_numerically_before_strings_with_ties_by_feed_then_seq()
    {
        using var dir = new TempDirectory("cli-list");
        await KappaTool.RunAsync(["append", "--store", dir.Path, "{\"t\":10}", "{\"t\":9}", "{\"t\":\"100\"}", "{\"t\":100}", "{\"t\":2.5}", "{\"n\":1}", "7", "{\"t\":true}"]);
        await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "b", "{\"t\":10}"]);
        var feeds = (await KappaTool.RunAsync(["feeds", "--store", dir.Path])).Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()!).ToList();

        var list = await RunAsync(["list", "--store", dir.Path, "--by", "t"]);

        var a = feeds[0];
        var b = feeds[1];
        var (lo, hi) = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a); // the tie at 10: feed hex order
        Assert.Equal(
            [(a, 4L), (a, 1), (lo, 0), (hi, 0), (a, 3), (a, 2)],
            list.Select(l => (l.GetProperty("key").GetString()!, l.GetProperty("seq").GetInt64())));
        Assert.Equal("{\"t\":2.5}", list[0].GetProperty("value").GetRawText());
    }

    [Fact]
    public async Task Where_is_typed_so_a_number_never_matches_a_string_and_all_conditions_must_hold()
    {
        using var dir = new TempDirectory("cli-list-where");
        await KappaTool.RunAsync(["append", "--store", dir.Path, "{\"t\":1,\"n\":100}", "{\"t\":2,\"n\":\"100\"}", "{\"t\":3,\"n\":100,\"c\":{\"ch\":\"x\"}}", "{\"t\":4,\"n\":100.0,\"c\":{\"ch\":\"y\"}}", "{\"t\":5,\"n\":false}"]);

        Assert.Equal([0L, 2, 3], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--where", "n=100"])));
        Assert.Equal([1L], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--where", "n=\"100\""])));
        Assert.Equal([2L], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--where", "n=100", "--where", "c.ch=x"])));
        Assert.Equal([4L], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--where", "n=false"])));
    }

    [Fact]
    public async Task Reverse_limit_and_after_page_through_the_list_and_the_view_resumes()
    {
        using var dir = new TempDirectory("cli-list-page");
        await KappaTool.RunAsync(["append", "--store", dir.Path, .. Enumerable.Range(0, 7).Select(i => $"{{\"t\":{i % 3}}}")]);
        var all = await RunAsync(["list", "--store", dir.Path, "--by", "t"]);
        Assert.Equal([0L, 3, 6, 1, 4, 2, 5], Seqs(all));

        var id = $"{all[2].GetProperty("key").GetString()}@6";
        Assert.Equal([1L, 4], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--after", id, "--limit", "2"])));
        Assert.Equal([3L, 0], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--after", id, "--reverse"])));
        Assert.Equal([5L, 2, 4], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--reverse", "--limit", "3"])));

        await KappaTool.RunAsync(["append", "--store", dir.Path, "{\"t\":-1}"]);
        Assert.Equal([7L, 0], Seqs(await RunAsync(["list", "--store", dir.Path, "--by", "t", "--limit", "2"])));
        var info = await KappaTool.RunAsync(["info", "--store", dir.Path]);
        Assert.Contains("list-t", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("indexed 8 of 8", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_after_entry_that_is_not_in_the_list_is_a_clear_error()
    {
        using var dir = new TempDirectory("cli-list-bad");
        await KappaTool.RunAsync(["append", "--store", dir.Path, "{\"t\":1}", "{\"u\":1}"]);
        var key = JsonDocument.Parse((await KappaTool.RunAsync(["feeds", "--store", dir.Path])).Lines[0]).RootElement.GetProperty("key").GetString();

        var missing = await KappaTool.RunAsync(["list", "--store", dir.Path, "--by", "t", "--after", $"{key}@1"], timeout: Timeout);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"entry {key}@1 is not in the list by t", missing.Stderr, StringComparison.Ordinal);
        var malformed = await KappaTool.RunAsync(["list", "--store", dir.Path, "--by", "t", "--after", "nope"], timeout: Timeout);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("FEEDHEX@SEQ", malformed.Stderr, StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> RunAsync(string[] args)
    {
        var result = await KappaTool.RunAsync(args, timeout: Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private static IEnumerable<long> Seqs(IEnumerable<JsonElement> lines) => lines.Select(l => l.GetProperty("seq").GetInt64());
}

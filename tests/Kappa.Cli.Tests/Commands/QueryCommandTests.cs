using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

public class QueryCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Query_filters_by_typed_equalities_and_ranges_sorts_limits_and_explains_its_index()
    {
        using var dir = new TempDirectory("cli-query");
        await KappaTool.RunAsync(["append", "--store", dir.Path,
            "{\"type\":\"chat/text\",\"timestamp\":3,\"n\":0}", "{\"type\":\"chat/text\",\"timestamp\":1,\"n\":\"0\"}",
            "{\"type\":\"about\",\"timestamp\":2}", "{\"type\":\"chat/text\",\"timestamp\":5,\"n\":false}", "{\"type\":\"chat/text\"}"]);

        Assert.Equal([1L, 0, 3], Seqs(await RunAsync(["query", "--store", dir.Path, "--where", "type=chat/text", "--sort", "timestamp"])));
        Assert.Equal([3L, 0], Seqs(await RunAsync(["query", "--store", dir.Path, "--where", "type=chat/text", "--where", "timestamp>=2", "--sort", "timestamp", "--reverse"])));
        Assert.Equal([0L], Seqs(await RunAsync(["query", "--store", dir.Path, "--where", "n=0"])));
        Assert.Equal([3L], Seqs(await RunAsync(["query", "--store", dir.Path, "--where", "n=false"])));
        Assert.Equal([3L], Seqs(await RunAsync(["query", "--store", dir.Path, "--index", "type,timestamp", "--where", "type=chat/text", "--sort", "timestamp", "--reverse", "--limit", "1"])));

        var explain = await KappaTool.RunAsync(["query", "--store", dir.Path, "--index", "type,timestamp", "--index", "timestamp", "--where", "type=chat/text", "--sort", "timestamp", "--explain"], timeout: Timeout);
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.StartsWith("index type,timestamp [type, timestamp] (score 3)", explain.Stdout, StringComparison.Ordinal);
        var bad = await KappaTool.RunAsync(["query", "--store", dir.Path, "--where", "type"], timeout: Timeout);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("PATH=VALUE", bad.Stderr, StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> RunAsync(string[] args)
    {
        var result = await KappaTool.RunAsync(args, timeout: Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private static IEnumerable<long> Seqs(IEnumerable<JsonElement> lines) => lines.Select(l => l.GetProperty("seq").GetInt64());
}

using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

public class KvCommandTests
{
    [Fact]
    public async Task Kv_get_prints_the_heads_forks_included_by_feed_then_seq_and_resumes()
    {
        using var dir = new TempDirectory("cli-kv");
        await KappaTool.RunAsync(["append", "--store", dir.Path, "{\"key\":\"doc\",\"v\":0}", "{\"key\":7}", "\"text\""]);
        var a = Feeds(await KappaTool.RunAsync(["feeds", "--store", dir.Path]))[0];
        await KappaTool.RunAsync(["append", "--store", dir.Path, $"{{\"key\":\"doc\",\"v\":1,\"links\":[\"{a}@0\"]}}"]);
        await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "b", $"{{\"key\":\"doc\",\"v\":2,\"links\":[\"{a}@0\",5,\"junk\"]}}"]);
        var b = Feeds(await KappaTool.RunAsync(["feeds", "--store", dir.Path])).Single(k => k != a);

        var fork = await GetAsync(dir.Path, "doc");
        var expected = new[] { (a, 3L), (b, 0L) }.OrderBy(x => x.Item1, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, fork.Select(l => (l.GetProperty("key").GetString()!, l.GetProperty("seq").GetInt64())));
        Assert.Equal(fork.Select(l => l.GetProperty("seq").GetInt64() == 3 ? 1 : 2), fork.Select(l => l.GetProperty("value").GetProperty("v").GetInt32()));

        // A merge, indexed on top of the stored view.
        await KappaTool.RunAsync(["append", "--store", dir.Path, $"{{\"key\":\"doc\",\"v\":3,\"links\":[\"{a}@3\",\"{b}@0\"]}}"]);
        var merged = Assert.Single(await GetAsync(dir.Path, "doc"));
        Assert.Equal(4, merged.GetProperty("seq").GetInt64());
        Assert.Empty(await GetAsync(dir.Path, "unknown"));
        var info = await KappaTool.RunAsync(["info", "--store", dir.Path]);
        Assert.Contains("indexed 6 of 6", info.Stdout, StringComparison.Ordinal);
    }

    private static List<string> Feeds(ToolResult r) =>
        [.. r.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()!)];

    private static async Task<List<JsonElement>> GetAsync(string store, string key)
    {
        var r = await KappaTool.RunAsync(["kv", "get", "--store", store, key]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return [.. r.Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}

using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

/// <summary>The same directory, written by one implementation and read by the other.</summary>
public class StoreInteropCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsFact]
    public async Task A_store_written_by_kappa_opens_in_js_kappa_core_with_the_same_entries()
    {
        using var dir = new TempDirectory("cs-to-js");
        await KappaTool.RunAsync(["append", "--store", dir.Path, "1", "\"wörld ✓\"", "{\"nested\":{\"a\":[true,null,2.5]}}"]);
        await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "second", "-7"]);
        var dump = await JsReference.DumpAsync(dir.Path);
        var cat = await KappaTool.RunAsync(["cat", "--store", dir.Path]);
        Assert.Equal(dump.Entries.Select(e => $"{{\"key\":\"{e.Key}\",\"seq\":{e.Seq},\"value\":{e.ValueJson}}}"), cat.Lines);
        Assert.Equal(["default", "second"], dump.Feeds.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(dump.Feeds, f => Assert.True(f.Writable));
    }

    [JsFact]
    public async Task A_store_written_by_js_kappa_core_opens_in_kappa_and_can_be_appended_to()
    {
        using var dir = new TempDirectory("js-to-cs");
        (await JsReference.RunAsync(["append", "--store", dir.Path, "--writer", "default", "1", "\"two\""], timeout: Timeout)).EnsureSuccess();
        var verify = await KappaTool.RunAsync(["verify", "--store", dir.Path]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var appended = await KappaTool.RunAsync(["append", "--store", dir.Path, "3"]);
        Assert.Equal(3, JsonDocument.Parse(appended.Lines.Single()).RootElement.GetProperty("length").GetInt32());
        var dump = await JsReference.DumpAsync(dir.Path);
        Assert.Equal(["1", "\"two\"", "3"], dump.Entries.Select(e => e.ValueJson));
    }

    [Fact]
    public async Task Cat_live_prints_entries_another_process_appends_afterwards()
    {
        using var dir = new TempDirectory("cat-live");
        await KappaTool.RunAsync(["append", "--store", dir.Path, "\"before\""]);
        var cat = KappaTool.Start(["cat", "--store", dir.Path, "--live"]);
        using var _ = KappaTool.KillOnDispose(cat);
        var first = await cat.StandardOutput.ReadLineAsync().WaitAsync(Timeout);
        Assert.EndsWith("\"value\":\"before\"}", first, StringComparison.Ordinal);
        await KappaTool.RunAsync(["append", "--store", dir.Path, "\"after\""]);
        await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "new", "42"]);
        var next = new[] { await cat.StandardOutput.ReadLineAsync().WaitAsync(Timeout), await cat.StandardOutput.ReadLineAsync().WaitAsync(Timeout) };
        Assert.Contains(next, l => l!.EndsWith("\"seq\":1,\"value\":\"after\"}", StringComparison.Ordinal));
        Assert.Contains(next, l => l!.EndsWith("\"seq\":0,\"value\":42}", StringComparison.Ordinal));
    }
}

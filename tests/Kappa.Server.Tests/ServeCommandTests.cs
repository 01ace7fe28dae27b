using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kappa.TestSupport;

namespace Kappa.Server.Tests;

/// <summary><c>kappa serve</c> as a real child process.</summary>
public sealed partial class ServeCommandTests
{
    [Fact]
    public async Task Serve_prints_its_url_serves_the_store_and_stops_on_SIGTERM()
    {
        using var dir = new TempDirectory("serve-cli");
        var store = dir.Combine("store");
        var append = await KappaTool.RunAsync(["append", "--store", store, "--writer", "w", "1", "2", "3"]);
        Assert.True(append.ExitCode == 0, append.ToString());

        var process = KappaTool.Start(["serve", "--store", store, "--urls", "http://127.0.0.1:0"]);
        using var _ = KappaTool.KillOnDispose(process);
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var match = UrlLine().Match(first ?? "");
        Assert.True(match.Success, $"first line: {first}; stderr: {(process.HasExited ? await process.StandardError.ReadToEndAsync() : "")}");
        using var http = new HttpClient { BaseAddress = new Uri(match.Groups[1].Value) };
        var feeds = await http.GetFromJsonAsync<JsonElement[]>("api/feeds");
        var feed = Assert.Single(feeds!);
        Assert.Equal("w", feed.GetProperty("name").GetString());
        Assert.Equal(3, feed.GetProperty("length").GetInt64());
        var views = await http.GetFromJsonAsync<JsonElement[]>("api/views");
        Assert.Contains(views!, v => v.GetProperty("name").GetString() == "sum");

        Signal(process.Id, 15);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task A_store_kappa_chat_made_is_served_as_its_cabal()
    {
        using var dir = new TempDirectory("serve-cli-cabal");
        var store = dir.Combine("cabal");
        string[][] commands = [["chat", "nick", "--store", store, "cli"], ["chat", "send", "--store", store, "hello from kappa chat"]];
        foreach (var args in commands)
        {
            var result = await KappaTool.RunAsync(args);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        var process = KappaTool.Start(["serve", "--store", store, "--urls", "http://127.0.0.1:0"]);
        using var _ = KappaTool.KillOnDispose(process);
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var match = UrlLine().Match(first ?? "");
        Assert.True(match.Success, $"first line: {first}; stderr: {(process.HasExited ? await process.StandardError.ReadToEndAsync() : "")}");
        var cabalLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(match.Groups[1].Value) };
        var info = await http.GetFromJsonAsync<JsonElement>("api/chat");
        Assert.Equal($"cabal: {info.GetProperty("key").GetString()}", cabalLine);
        Assert.Equal("cli", info.GetProperty("nick").GetString());
        var message = Assert.Single((await http.GetFromJsonAsync<JsonElement[]>("api/chat/channels/default/messages"))!);
        Assert.Equal("hello from kappa chat", message.GetProperty("text").GetString());
        Assert.Equal("cli", message.GetProperty("name").GetString());

        Signal(process.Id, 15);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, process.ExitCode);
    }

    // POSIX kill(2) for SIGTERM (.NET's Process only SIGKILLs); DllImport needs no unsafe code for two ints.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    private static void Signal(int pid, int signal) => Assert.Equal(0, Kill(pid, signal));

    [GeneratedRegex(@"^kappa serve: (http://127\.0\.0\.1:\d+/)$")]
    private static partial Regex UrlLine();
}

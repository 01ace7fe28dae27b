using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

public class LocalCommandTests
{
    [Fact]
    public async Task Appended_values_come_back_from_cat_as_compact_json_sorted_by_key_and_seq()
    {
        using var dir = new TempDirectory();
        var first = await KappaTool.RunAsync(["append", "--store", dir.Path, "1", "{\"a\": [1, 2.0]}", "hello", "\"quoted\""]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var appended = JsonDocument.Parse(first.Lines.Single()).RootElement;
        Assert.Equal(4, appended.GetProperty("length").GetInt32());
        Assert.Equal(0, (await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "other", "true"])).ExitCode);

        var cat = await KappaTool.RunAsync(["cat", "--store", dir.Path]);
        Assert.True(cat.ExitCode == 0, cat.ToString());
        var lines = cat.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal(lines.OrderBy(l => l.GetProperty("key").GetString(), StringComparer.Ordinal).ThenBy(l => l.GetProperty("seq").GetInt32()).Select(l => l.GetRawText()), lines.Select(l => l.GetRawText()));
        var mine = cat.Lines.Where(l => l.Contains(appended.GetProperty("key").GetString()!, StringComparison.Ordinal)).ToList();
        Assert.Equal("{\"key\":\"" + appended.GetProperty("key").GetString() + "\",\"seq\":1,\"value\":{\"a\":[1,2]}}", mine[1]);
        Assert.EndsWith("\"value\":\"hello\"}", mine[2], StringComparison.Ordinal);
        Assert.EndsWith("\"value\":\"quoted\"}", mine[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_lists_each_feed_with_length_writable_and_name()
    {
        using var dir = new TempDirectory();
        await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "alice", "1", "2"]);
        await KappaTool.RunAsync(["append", "--store", dir.Path, "--writer", "bob", "3"]);
        var feeds = await KappaTool.RunAsync(["feeds", "--store", dir.Path]);
        Assert.True(feeds.ExitCode == 0, feeds.ToString());
        var rows = feeds.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["alice", "bob"], rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal([2, 1], rows.Select(r => r.GetProperty("length").GetInt32()));
        Assert.All(rows, r => Assert.True(r.GetProperty("writable").GetBoolean()));
        Assert.All(rows, r => Assert.Equal(64, r.GetProperty("key").GetString()!.Length));
    }

    [Fact]
    public async Task Stdin_lines_are_appended_in_batches_and_non_json_lines_become_strings()
    {
        using var dir = new TempDirectory();
        var lines = string.Join('\n', Enumerable.Range(0, 20000).Select(i => i % 1000 == 0 ? "word" + i : i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n\n";
        var result = await KappaTool.RunAsync(["append", "--store", dir.Path, "-"], lines);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(20000, JsonDocument.Parse(result.Lines.Single()).RootElement.GetProperty("length").GetInt32());
        var cat = await KappaTool.RunAsync(["cat", "--store", dir.Path]);
        var values = cat.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("value")).ToList();
        Assert.Equal("word1000", values[1000].GetString());
        Assert.Equal(19999, values[19999].GetInt32());
    }

    [Fact]
    public async Task A_tampered_block_is_reported_by_key_and_seq_never_printed_and_the_exit_code_says_so()
    {
        using var dir = new TempDirectory();
        var append = await KappaTool.RunAsync(["append", "--store", dir.Path, "\"aaaa\"", "\"bbbb\"", "\"cccc\""]);
        var key = JsonDocument.Parse(append.Lines.Single()).RootElement.GetProperty("key").GetString()!;
        var data = dir.Combine("0", "data");
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[9] = (byte)'X';
        await File.WriteAllBytesAsync(data, bytes);

        var cat = await KappaTool.RunAsync(["cat", "--store", dir.Path]);
        Assert.Equal(1, cat.ExitCode);
        Assert.Equal(2, cat.Lines.Count);
        Assert.DoesNotContain("bXbb", cat.Stdout, StringComparison.Ordinal);
        Assert.Contains(key, cat.Stderr, StringComparison.Ordinal);
        Assert.Contains("block 1", cat.Stderr, StringComparison.Ordinal);

        var verify = await KappaTool.RunAsync(["verify", "--store", dir.Path]);
        Assert.Equal(1, verify.ExitCode);
        var bad = JsonDocument.Parse(verify.Lines[0]).RootElement;
        Assert.Equal(key, bad.GetProperty("key").GetString());
        Assert.Equal(1, bad.GetProperty("seq").GetInt32());
        Assert.False(JsonDocument.Parse(verify.Lines[^1]).RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Verify_exits_zero_on_a_sound_store()
    {
        using var dir = new TempDirectory();
        await KappaTool.RunAsync(["append", "--store", dir.Path, "1", "2", "3"]);
        var verify = await KappaTool.RunAsync(["verify", "--store", dir.Path]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var summary = JsonDocument.Parse(verify.Lines.Single()).RootElement;
        Assert.Equal(3, summary.GetProperty("blocks").GetInt32());
        Assert.Equal(1, summary.GetProperty("signatures").GetInt32());
    }

    [Theory]
    [InlineData("cat", "--store", "/definitely/not/here")]
    [InlineData("feeds", "--store", "/definitely/not/here")]
    [InlineData("verify", "--store", "/definitely/not/here")]
    [InlineData("cat", "--store", ".", "--feed", "abc")]
    public async Task Errors_are_one_clear_line_and_a_non_zero_exit_never_a_stack_trace(params string[] args)
    {
        var result = await KappaTool.RunAsync(args);
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kappa: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_in_use_by_another_writer_is_refused_with_a_clear_message()
    {
        using var dir = new TempDirectory();
        await using var store = await Kappa.Multifeed.Store.FeedStore.OpenAsync(dir.Path);
        var result = await KappaTool.RunAsync(["append", "--store", dir.Path, "1"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("open for writing in another process", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("kv get")]
    public async Task A_view_command_on_a_store_in_use_is_refused_before_it_touches_the_view_database(string command)
    {
        // The view commands load RocksDB while the store opens (ViewDatabaseOpening), but open the
        // view database only once the store is theirs: refused here, its files stay as they were.
        using var dir = new TempDirectory();
        Assert.Equal(0, (await KappaTool.RunAsync(["append", "--store", dir.Path, "{\"key\":\"k\",\"n\":1}"])).ExitCode);
        string[] args = command == "sum" ? ["sum", "--store", dir.Path] : ["kv", "get", "--store", dir.Path, "k"];
        var first = await KappaTool.RunAsync(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        var views = dir.Combine(".kappa", "views");
        var before = Snapshot(views);
        Assert.NotEmpty(before);

        await using (await Kappa.Multifeed.Store.FeedStore.OpenAsync(dir.Path))
        {
            var refused = await KappaTool.RunAsync(args);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("open for writing in another process", refused.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(before, Snapshot(views));
    }

    /// <summary>Every file under <paramref name="directory"/> with its size and last write time.</summary>
    private static List<string> Snapshot(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(directory, f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")];
}

using System.Security.Cryptography;
using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Interop;

// The harness itself, against the real kappa-core 6: what `append` writes, `dump` reads back.
public class JsAppendAndDumpTests
{
    [JsFact]
    public async Task Appended_json_values_dump_back_unchanged()
    {
        using var dir = new TempDirectory("js-append");
        string[] values =
        [
            "1", "-2.5", "0", "1e-7", "9007199254740991", "\"\"", "\"plain\"", "\"héllo ☃ 😀 \\u0000 \\\"q\\\" \\n\"",
            "null", "true", "[]", "[1,\"two\",[3]]", "{\"a\":{\"b\":[1,null,true,{\"c\":\"ü\"}]},\"z\":-0.125}",
        ];

        var feed = await JsReference.AppendAsync(dir.Path, "default", values);
        var dump = await JsReference.DumpAsync(dir.Path);

        Assert.Equal(values.Length, feed.Length);
        var only = Assert.Single(dump.Feeds);
        Assert.Equal(new JsFeed(feed.Key, values.Length, values.Length, true, "default"), only);
        Assert.Equal(Enumerable.Range(0, values.Length).Select(i => (long)i), dump.Entries.Select(e => e.Seq));
        for (var i = 0; i < values.Length; i++)
            Assert.True(JsonElement.DeepEquals(Parse(values[i]), dump.Entries[i].Value), $"entry {i}: {values[i]} came back as {dump.Entries[i].ValueJson}");
        Assert.Empty(dump.Missing);
    }

    [JsFact]
    public async Task Json_blocks_are_javascripts_JSON_stringify_of_the_parsed_value_and_a_newline()
    {
        // hypercore 8 turns valueEncoding 'json' into ndjson: a block is JSON.stringify(value) + "\n".
        // The CLI parses its input first, so whitespace is dropped, numbers are normalised (beyond
        // 2^53 they lose digits) and \u escapes of printable characters are decoded.
        using var dir = new TempDirectory("js-append");
        var result = (await JsReference.RunAsync(["append", "--store", dir.Path, "{ \"a\" : 1.50, \"b\": \"\\u00e9\" }", "1E3", "12345678901234567890"])).EnsureSuccess();
        var key = result.OnlyLine().Str("key");

        var raw = (await JsReference.DumpAsync(dir.Path, "utf-8")).EntriesOf(key).Select(e => e.Value.GetString()!).ToArray();

        Assert.Equal(new[] { "{\"a\":1.5,\"b\":\"é\"}\n", "1000\n", "12345678901234567000\n" }, raw);
    }

    [JsFact]
    public async Task Two_writers_in_one_store_are_two_feeds_in_numbered_directories()
    {
        using var dir = new TempDirectory("js-append");
        var a = await JsReference.AppendAsync(dir.Path, "alice", ["1", "2"]);
        var b = await JsReference.AppendAsync(dir.Path, "bob", ["\"x\""]);
        var a2 = await JsReference.AppendAsync(dir.Path, "alice", ["3"]);

        var dump = await JsReference.DumpAsync(dir.Path);

        Assert.Equal(a.Key, a2.Key);
        Assert.Equal(3, a2.Length);
        // As a set: on reopening, named writers are listed in the order their hypercores finished
        // opening, not in creation order (tests/interop/README.md).
        Assert.Equal([("alice", a.Key, 3L), ("bob", b.Key, 1L)], dump.Feeds.Select(f => (f.Name, f.Key, f.Length)).Order());
        var expected = new[] { new JsEntry(a.Key, 0, "1"), new JsEntry(a.Key, 1, "2"), new JsEntry(a.Key, 2, "3"), new JsEntry(b.Key, 0, "\"x\"") }
            .OrderBy(e => e.Key, StringComparer.Ordinal).ThenBy(e => e.Seq);
        Assert.Equal(expected, dump.Entries);
        Assert.True(Directory.Exists(dir.Combine("0")) && Directory.Exists(dir.Combine("1")));
        Assert.Equal("alice", File.ReadAllText(dir.Combine("0", "localname")));
    }

    [JsFact]
    public async Task Stdin_values_are_appended_in_batches_and_in_order()
    {
        using var dir = new TempDirectory("js-append");
        var stdin = string.Concat(Enumerable.Range(0, 2500).Select(i => i + "\n"));

        var result = (await JsReference.RunAsync(["append", "--store", dir.Path, "--stdin", "--batch", "1000"], stdin)).EnsureSuccess();
        var dump = await JsReference.DumpAsync(dir.Path);

        Assert.Equal(2500, result.OnlyLine().Num("length"));
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), dump.Entries.Select(e => e.ValueJson));
    }

    [JsTheory]
    [InlineData("utf-8", "plain text", "\"plain text\"")]
    [InlineData("utf-8", "ünï ☃", "\"ünï ☃\"")]
    [InlineData("binary", "00ff10", "\"00ff10\"")]
    [InlineData("binary", "", "\"\"")]
    public async Task Other_encodings_round_trip(string encoding, string argument, string dumped)
    {
        using var dir = new TempDirectory("js-append");
        (await JsReference.RunAsync(["append", "--store", dir.Path, "--encoding", encoding, argument])).EnsureSuccess();

        var dump = await JsReference.DumpAsync(dir.Path, encoding);

        Assert.Equal(dumped, Assert.Single(dump.Entries).ValueJson);
    }

    [JsFact]
    public async Task Dump_changes_no_byte_or_timestamp_and_a_plain_open_changes_no_byte()
    {
        using var dir = new TempDirectory("js-dump");
        await JsReference.AppendAsync(dir.Path, "default", ["1", "{\"a\":2}"]);
        await JsReference.AppendAsync(dir.Path, "empty", []);
        var before = Snapshot(dir.Path);
        await Task.Delay(50); // only so a rewrite would get a visibly different mtime

        await JsReference.DumpAsync(dir.Path);
        var afterDump = Snapshot(dir.Path);
        (await JsReference.RunAsync(["dump", "--store", dir.Path, "--plain"])).EnsureSuccess();
        var afterPlain = Snapshot(dir.Path);

        Assert.Equal(before, afterDump);
        // kappa-core's own open (hypercore 8 lib/storage.js) rewrites the 32-byte headers of tree,
        // signatures and bitfield with identical bytes: same files, same contents, newer mtimes.
        Assert.Equal(before.Select(f => (f.Path, f.Sha256)), afterPlain.Select(f => (f.Path, f.Sha256)));
    }

    [JsFact]
    public async Task Dump_of_a_missing_store_fails_with_exit_code_1_and_a_message()
    {
        using var dir = new TempDirectory("js-dump");
        var result = await JsReference.RunAsync(["dump", "--store", dir.Combine("nope")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.StdoutLines);
        Assert.False(Directory.Exists(dir.Combine("nope")));
    }

    [JsFact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var result = await JsReference.RunAsync(["dump", "--store", "x", "--no-such-option"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no-such-option", result.Stderr, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static List<(string Path, string Sha256, DateTime Modified)> Snapshot(string root) =>
    [
        .. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(root, f), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), File.GetLastWriteTimeUtc(f))),
    ];
}

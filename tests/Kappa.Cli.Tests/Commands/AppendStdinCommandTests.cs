using System.Globalization;
using System.Text;
using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

/// <summary><c>kappa append -</c>: what each kind of input line becomes, and what a bad line does to the lines before it.</summary>
public class AppendStdinCommandTests
{
    [Fact]
    public async Task Blank_lines_crlf_a_byte_order_mark_and_an_unterminated_last_line_give_one_value_per_text_line()
    {
        using var dir = new TempDirectory();
        var input = "\uFEFF1\r\n\n   \n\t\n-0\r\n007\n-12\n123456789012345678\n 5 \n{\"b\": [1, 2.50]}\nword\n\"x\"";
        var result = await KappaTool.RunAsync(["append", "--store", dir.Path, "-"], input);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(9, JsonDocument.Parse(result.Lines.Single()).RootElement.GetProperty("length").GetInt32());
        // Each as JSON.stringify(JSON.parse(line)) in node 20, else the line as a string.
        Assert.Equal(["1", "0", "\"007\"", "-12", "123456789012345680", "5", "{\"b\":[1,2.5]}", "\"word\"", "\"x\""], await ValuesAsync(dir));
    }

    [Fact]
    public async Task A_line_that_opens_json_but_does_not_parse_stops_the_run_naming_its_line_after_every_line_before_it_is_appended()
    {
        using var dir = new TempDirectory();
        // Past several batches, so values handed to the writer in the background must all land too.
        var good = Enumerable.Range(1, 40000).Select(i => i.ToString(CultureInfo.InvariantCulture));
        var input = string.Join('\n', good.Append("").Append("{\"a\": 1").Append("7")) + "\n";
        var result = await KappaTool.RunAsync(["append", "--store", dir.Path, "-"], input);
        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kappa: line 40002 of the input: not valid JSON", error, StringComparison.Ordinal);
        Assert.Contains("the 40000 values before it were appended", error, StringComparison.Ordinal);
        var values = await ValuesAsync(dir);
        Assert.Equal(40000, values.Count);
        Assert.Equal("40000", values[^1]);
    }

    [Fact]
    public async Task Lines_that_cross_the_readers_buffer_segments_arrive_whole_and_in_order()
    {
        // Megabytes of lines from 1 byte to 20 KB long: the input reader holds it in 1 MiB
        // segments, so some lines start in one segment and end in the next; the last is unterminated.
        const int seed = 16_0017;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var lines = new List<string>();
        for (var total = 0; total < 3_500_000;)
        {
            var line = new string((char)('a' + random.Next(26)), random.Next(1, 20_000));
            lines.Add(line);
            total += line.Length + 1;
        }
        var input = new StringBuilder();
        foreach (var line in lines) input.Append(line).Append(random.Next(2) == 0 ? "\n" : "\r\n");
        input.Length -= input[^1] == '\n' && input[^2] == '\r' ? 2 : 1;
        var result = await KappaTool.RunAsync(["append", "--store", dir.Path, "--encoding", "utf-8", "-"], input.ToString());
        Assert.True(result.ExitCode == 0, $"seed {seed}: {result}");
        var values = await ValuesAsync(dir, "--encoding", "utf-8");
        Assert.True(lines.Count == values.Count, $"seed {seed}: {lines.Count} lines, {values.Count} values");
        for (var i = 0; i < lines.Count; i++)
            Assert.True(JsonSerializer.Serialize(lines[i]) == values[i], $"seed {seed}: value {i} differs from its line");
    }

    [Fact]
    public async Task A_line_that_is_not_utf8_is_refused_rather_than_stored_with_replacement_characters()
    {
        using var dir = new TempDirectory();
        using var process = KappaTool.Start(["append", "--store", dir.Path, "-"]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        byte[] input = [.. "1\n2\nab"u8, 0xFF, 0xFE, .. "cd\n3\n"u8];
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 1, await stdout + await stderr);
        Assert.Contains("line 3 of the input: not valid UTF-8", await stderr, StringComparison.Ordinal);
        Assert.Equal(["1", "2"], await ValuesAsync(dir));
    }

    [Fact]
    public async Task Utf8_encoding_stores_each_line_byte_for_byte_without_parsing()
    {
        using var dir = new TempDirectory();
        var result = await KappaTool.RunAsync(["append", "--store", dir.Path, "--encoding", "utf-8", "-"], "{not json\n 2 \n");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["\"{not json\"", "\" 2 \""], await ValuesAsync(dir, "--encoding", "utf-8"));
    }

    [Fact]
    public async Task A_bad_value_among_the_arguments_appends_none_of_them_and_names_the_value()
    {
        using var dir = new TempDirectory();
        var result = await KappaTool.RunAsync(["append", "--store", dir.Path, "1", "[1, 2"]);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("kappa: value 2 ([1, 2): not valid JSON", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await ValuesAsync(dir));
    }

    private static async Task<List<string>> ValuesAsync(TempDirectory dir, params string[] options)
    {
        var cat = await KappaTool.RunAsync(["cat", "--store", dir.Path, .. options]);
        Assert.True(cat.ExitCode == 0, cat.ToString());
        return cat.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("value").GetRawText()).ToList();
    }
}

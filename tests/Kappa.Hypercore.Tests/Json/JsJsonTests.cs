using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kappa.Hypercore.Json;
using Xunit.Abstractions;

namespace Kappa.Hypercore.Tests.Json;

public class JsJsonTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("-0", "0")]
    [InlineData("1e21", "1e+21")]
    [InlineData("123456789012345678901", "123456789012345680000")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1.5e-10", "1.5e-10")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1e400", "null")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    [InlineData("{ \"a\" : [1, 2.50 ] , \"b\":null}", "{\"a\":[1,2.5],\"b\":null}")]
    [InlineData("\"\\u00e9\\/\"", "\"é/\"")]
    [InlineData("\"\\u001f\\b\"", "\"\\u001f\\b\"")]
    [InlineData("\"\\ud800x\"", "\"\\ud800x\"")]
    [InlineData("\"\\ud83d\\ude00\"", "\"😀\"")]
    [InlineData("[]", "[]")]
    [InlineData("[[],{}]", "[[],{}]")]
    public void Normalises_like_JSON_stringify_of_JSON_parse(string input, string expected) =>
        Assert.Equal(expected, JsJson.Normalize(input));

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("1 2")]
    [InlineData("[1,]")]
    [InlineData("// c\n1")]
    [InlineData("NaN")]
    public void Rejects_what_JSON_parse_rejects(string input)
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsJson.Normalize(input));
        Assert.False(JsJson.IsJson(Encoding.UTF8.GetBytes(input)));
    }

    [Fact]
    public void Random_values_match_node_byte_for_byte()
    {
        var seed = 20261123;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var inputs = Enumerable.Range(0, 3000).Select(_ => RandomJson(random, 0)).ToList();
        var expected = RunNode(inputs);
        for (var i = 0; i < inputs.Count; i++)
            Assert.True(expected[i] == JsJson.Normalize(inputs[i]), $"input {inputs[i]}: node {expected[i]} ours {JsJson.Normalize(inputs[i])}");
    }

    private static string RandomJson(Random r, int depth) => (depth > 3 ? r.Next(4) : r.Next(6)) switch
    {
        0 => RandomNumber(r),
        1 => RandomString(r),
        2 => r.Next(3) switch { 0 => "true", 1 => "false", _ => "null" },
        3 => RandomNumber(r),
        4 => "[" + string.Join(" , ", Enumerable.Range(0, r.Next(4)).Select(_ => RandomJson(r, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(i => $"\"k{i}{RandomString(r)[1..^1]}\" : {RandomJson(r, depth + 1)}")) + "}",
    };

    private static string RandomNumber(Random r) => r.Next(5) switch
    {
        0 => r.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        1 => (r.NextDouble() * Math.Pow(10, r.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e", StringComparison.Ordinal),
        2 => $"{r.Next(1, 9)}.{r.Next(0, 99999)}e{r.Next(-320, 320)}",
        3 => BitConverter.Int64BitsToDouble(r.NextInt64(1, 0x7FEFFFFFFFFFFFFF)).ToString("R", CultureInfo.InvariantCulture),
        _ => $"{r.NextInt64()}{r.Next(0, 999)}",
    };

    private static string RandomString(Random r)
    {
        var sb = new StringBuilder("\"");
        for (var i = r.Next(8); i > 0; i--)
        {
            sb.Append(r.Next(7) switch
            {
                0 => "\\u" + r.Next(0, 0x40).ToString("x4", CultureInfo.InvariantCulture),
                1 => "\\u" + r.Next(0xD800, 0xE000).ToString("x4", CultureInfo.InvariantCulture),
                2 => "é✓😀",
                3 => "\\\"\\\\\\/\\n",
                _ => ((char)r.Next('a', 'z')).ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static List<string> RunNode(List<string> inputs)
    {
        var psi = new ProcessStartInfo("node", ["-e", "const rl=require('readline').createInterface({input:process.stdin});rl.on('line',l=>console.log(JSON.stringify(JSON.parse(JSON.parse(l)))))"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        using var node = Process.Start(psi)!;
        var reading = node.StandardOutput.ReadToEndAsync();
        foreach (var input in inputs) node.StandardInput.WriteLine(System.Text.Json.JsonSerializer.Serialize(input));
        node.StandardInput.Close();
        var lines = reading.GetAwaiter().GetResult().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.True(node.WaitForExit(60_000));
        Assert.Equal(inputs.Count, lines.Count);
        return lines;
    }
}

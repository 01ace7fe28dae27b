using System.Diagnostics;
using System.Text.Json;
using Kappa.Bench.Workloads;
using Kappa.TestSupport;

namespace Kappa.Bench.Tests;

/// <summary>The benchmark harness runs and checks its results (how fast is for bench/compare.sh, never a test).</summary>
public class HarnessSmokeTests
{
    [Theory]
    [InlineData("append --count 300 --size 32 --mode single")]
    [InlineData("append --count 3000 --size 1024 --mode batch")]
    [InlineData("read --count 3000 --size 32")]
    [InlineData("index --count 4000 --feeds 4 --store memory")]
    [InlineData("index --count 4000 --feeds 4 --store rocksdb")]
    [InlineData("replicate --count 2000 --size 32 --feeds 10")]
    public async Task Each_workload_runs_and_its_result_checks_out(string arguments)
    {
        using var dir = new TempDirectory("bench");
        var options = BenchOptions.Parse([.. arguments.Split(' '), "--dir", dir.Path]);
        var result = options.Workload switch
        {
            "append" => await AppendWorkload.RunAsync(options),
            "read" => await ReadWorkload.RunAsync(options),
            "index" => await IndexWorkload.RunAsync(options),
            _ => await ReplicateWorkload.RunAsync(options),
        };
        Assert.Equal("ok", result.Check);
        Assert.Equal(options.Count, result.Count);
        var line = JsonDocument.Parse(result.ToJson()).RootElement;
        Assert.Equal("cs", line.GetProperty("side").GetString());
        Assert.True(line.GetProperty("rate").GetDouble() > 0);
    }

    [Fact]
    public void The_report_takes_medians_excludes_failed_runs_and_marks_unmet_targets()
    {
        using var dir = new TempDirectory("report");
        string Line(string side, double rate, string check = "ok") =>
            $"{{\"workload\":\"append\",\"params\":\"batch 32B\",\"side\":\"{side}\",\"count\":1,\"seconds\":1,\"rate\":{rate},\"mbps\":1,\"peakRssMb\":10,\"check\":\"{check}\"}}";
        File.WriteAllLines(dir.Combine("raw.jsonl"), [Line("js", 100), Line("cs", 300), Line("js", 110), Line("cs", 9_999_999, "length 3 != 4"), Line("js", 90), Line("cs", 350), Line("cs", 320)]);
        Assert.Equal(0, Report.Write(dir.Combine("raw.jsonl"), dir.Combine("latest.md"), dir.Combine("chart.png")));
        var row = File.ReadAllLines(dir.Combine("latest.md")).Single(l => l.StartsWith("| append", StringComparison.Ordinal));
        Assert.Contains("| 100/s | 320/s", row, StringComparison.Ordinal); // medians, the failed 9,999,999 excluded
        Assert.Contains("| 3.2× | ≥ 5× JS | **no** | 3/3, 1 |", row, StringComparison.Ordinal);
        Assert.True(new FileInfo(dir.Combine("chart.png")).Length > 1000);
    }

    [Fact]
    public async Task Compare_quick_runs_both_sides_and_writes_the_results()
    {
        var js = Path.Combine(RepoPaths.Repository, "bench", "js", "node_modules", "kappa-core");
        Assert.True(Directory.Exists(js), "bench/js is not installed: run `npm ci` in bench/js (CI does)");
        using var results = new TempDirectory("compare");
        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Repository, "bench", "compare.sh"), "--quick", "--runs", "1", "--out", results.Path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        var lines = (await stdout).Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(32, lines.Count); // 12 quick workloads (compare.sh) and 4 whole-process rows (process.sh), one run of each side
        Assert.All(lines, l => Assert.Equal("ok", l.GetProperty("check").GetString()));
        Assert.Equal(16, lines.Count(l => l.GetProperty("side").GetString() == "js"));
        Assert.Equal(8, lines.Count(l => l.GetProperty("workload").GetString() == "process"));
        foreach (var workload in new[] { "kv", "list-page", "list-tail" })
            Assert.Equal(2, lines.Count(l => l.GetProperty("workload").GetString() == workload));
        // C# ⇄ JS replication both ways, each beside the JS ⇄ JS run of the same row.
        Assert.Equal(4, lines.Count(l => l.GetProperty("workload").GetString() == "replicate-js"));
        var report = await File.ReadAllTextAsync(results.Combine("latest.md"));
        Assert.Contains("| replicate | 32B 1 feeds |", report, StringComparison.Ordinal);
        Assert.Contains("| process | sum 10 entries (start-up) |", report, StringComparison.Ordinal);
        Assert.Contains("| process | replicate 500 entries (2 processes) |", report, StringComparison.Ordinal);
        Assert.Contains("| replicate-js | 32B 1 feeds JS from C# |", report, StringComparison.Ordinal);
        // The whole-process rows time the tool installed from its packages (bench/install-tool.sh), and say which package.
        Assert.Contains("`kappa`, the installed tool package kappa.cli.", report, StringComparison.Ordinal);
        Assert.True(File.Exists(results.Combine("ratios.png")));
    }
}

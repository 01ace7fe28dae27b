using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kappa.Bench;

/// <summary>Turns raw JSON lines (both sides, many runs) into bench/results/latest.md and a chart of the ratios.</summary>
internal static class Report
{
    private sealed record Run(string Workload, string Params, string Side, double Rate, double Mbps, double Rss, bool Ok);

    public static int Write(string rawPath, string markdownPath, string pngPath)
    {
        var runs = File.ReadLines(rawPath).Where(l => l.StartsWith('{')).Select(Parse).ToList();
        var groups = runs.GroupBy(r => (r.Workload, r.Params)).OrderBy(g => Order(g.Key.Workload)).ThenBy(g => g.Key.Params, StringComparer.Ordinal).ToList();
        var md = new StringBuilder();
        md.AppendLine("# Kappa.NET vs JS kappa-core 6 — benchmark results").AppendLine();
        md.AppendLine(Stamp()).AppendLine();
        md.AppendLine("Medians of alternating runs (JS, C#, JS, C#, …) on the same machine in the same run. A run whose result check failed is not timed (counted under *failed*).").AppendLine();
        md.AppendLine("| workload | params | JS median | C# median | C#/JS | target | met | runs (JS/C#, failed) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        var chart = new List<(string Label, double Ratio)>();
        foreach (var g in groups)
        {
            var js = g.Where(r => r.Side == "js" && r.Ok).ToList();
            var cs = g.Where(r => r.Side == "cs" && r.Ok).ToList();
            var m = new Targets.Measured(Median(cs.Select(r => r.Rate)), Median(js.Select(r => r.Rate)), Median(cs.Select(r => r.Mbps)), Median(cs.Select(r => r.Rss)), Median(js.Select(r => r.Rss)));
            var target = Targets.For(g.Key.Workload, g.Key.Params);
            var value = target?.Value(m);
            var met = target is null || value is null ? "–" : value >= target.Goal ? "yes" : "**no**";
            var isMemory = g.Key.Workload == "memory";
            // A start-up row counts one run per process: its time reads better than runs per second.
            var isSeconds = g.Key.Workload == "process" && g.Key.Params.EndsWith("(start-up)", StringComparison.Ordinal);
            string Cell(double? rate, double? rss) => isMemory ? Fmt(rss, " MB") : isSeconds ? Fmt(rate is > 0 ? 1 / rate : null, " s") : Fmt(rate, "/s");
            var ratio = isMemory ? (m.JsRss is { } j && m.CsRss is { } c && c > 0 ? j / c : (double?)null) : m.Ratio;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Key.Workload} | {g.Key.Params} | {Cell(m.JsRate, m.JsRss)} | {Cell(m.CsRate, m.CsRss)}{(g.Key.Workload is "replicate" or "replicate-js" or "append" ? $" ({Fmt(m.CsMbps, " MB/s")})" : "")} | {Fmt(ratio, "×")} | {target?.Description ?? "–"} | {met} | {js.Count}/{cs.Count}, {g.Count(r => !r.Ok)} |");
            if (ratio is { } r) chart.Add(($"{g.Key.Workload} {g.Key.Params}", r));
        }
        // compare.sh times the tool installed from its packages (bench/install-tool.sh) and names the package the SDK chose.
        var tool = Environment.GetEnvironmentVariable("BENCH_KAPPA_TOOL") is { Length: > 0 } t ? $"the installed tool package {t}" : "the tool";
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"For memory the ratio is JS peak RSS / C# peak RSS. *process* rows time whole processes (`kappa`, {tool}, beside bench/js/cli.js, start to exit); for start-up the figure is seconds per run and the target is on the C# time. Chart: ![ratios]({Path.GetFileName(pngPath)})");
        // The hand-written analysis of missed targets (what limits them) travels with every report.
        var limits = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!, "limits.md");
        if (File.Exists(limits)) md.AppendLine().Append(File.ReadAllText(limits));
        File.WriteAllText(markdownPath, md.ToString());
        Chart.Write(pngPath, chart, Stamp());
        Console.WriteLine($"wrote {markdownPath} and {pngPath}");
        return 0;
    }

    private static Run Parse(string line)
    {
        var e = JsonDocument.Parse(line).RootElement;
        double D(string n) => e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        return new Run(e.GetProperty("workload").GetString()!, e.GetProperty("params").GetString()!, e.GetProperty("side").GetString()!, D("rate"), D("mbps"), D("peakRssMb"), e.GetProperty("check").GetString() == "ok");
    }

    private static double? Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? null : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static string Fmt(double? value, string unit) => value is not { } v ? "–"
        : v >= 100 ? v.ToString("#,0", CultureInfo.InvariantCulture) + unit : v.ToString("0.##", CultureInfo.InvariantCulture) + unit;

    private static int Order(string workload) => Array.IndexOf(["append", "read", "index", "replicate", "replicate-js", "memory", "process"], workload);

    private static string Stamp()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var node = Environment.GetEnvironmentVariable("BENCH_NODE_VERSION") ?? "?";
        return $"Machine: {Environment.ProcessorCount} cores, {cpu}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. .NET {Environment.Version}, Node {node}; kappa-core 6.0.0, multifeed 5.2.4, hypercore 8.14.0, hypercore-protocol 7.10.0, kappa-view 3.1.0, memdb 1.3.1, level 6.0.1.";
    }
}

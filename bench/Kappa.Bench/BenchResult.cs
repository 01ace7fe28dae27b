using System.Globalization;
using System.Text.Json;

namespace Kappa.Bench;

/// <summary>One run: what was measured and whether its result checked out (a failed check is never a timing).</summary>
internal sealed record BenchResult(string Workload, string Params, long Count, double Seconds, long Bytes, string Check)
{
    public double Rate => Count / Seconds;
    public double MegabytesPerSecond => Bytes / Seconds / 1e6;
    public bool Ok => Check == "ok";

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["workload"] = Workload,
        ["params"] = Params,
        ["side"] = "cs",
        ["count"] = Count,
        ["seconds"] = Math.Round(Seconds, 6),
        ["rate"] = Math.Round(Rate, 1),
        ["mbps"] = Math.Round(MegabytesPerSecond, 2),
        ["peakRssMb"] = Math.Round(PeakRss.Megabytes(), 1),
        ["check"] = Check,
    });

    public static string Describe(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>Peak resident set size of this process (VmHWM, Linux).</summary>
internal static class PeakRss
{
    public static double Megabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return 0;
    }
}

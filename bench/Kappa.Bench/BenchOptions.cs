using System.Globalization;

namespace Kappa.Bench;

/// <summary>Command-line parameters of one workload run (the same names as bench/js/bench.js).</summary>
internal sealed record BenchOptions(string Workload, long Count, int Size, string Mode, int Feeds, string Store, string Dir)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var dir = Get("dir", Path.Combine(Path.GetTempPath(), "kappa-bench-" + Environment.ProcessId));
        return new BenchOptions(
            args.Length > 0 ? args[0] : "help",
            long.Parse(Get("count", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Get("size", "32"), CultureInfo.InvariantCulture),
            Get("mode", "batch"),
            int.Parse(Get("feeds", "1"), CultureInfo.InvariantCulture),
            Get("store", "memory"),
            dir);
    }
}

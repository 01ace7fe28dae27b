namespace Kappa.Bench;

/// <summary>The targets of the benchmark issue, by workload and parameters (ratios are C# / JS in the same run).</summary>
internal static class Targets
{
    public sealed record Target(string Description, Func<Measured, double?> Value, double Goal);

    public sealed record Measured(double? CsRate, double? JsRate, double? CsMbps, double? CsRss, double? JsRss)
    {
        public double? Ratio => CsRate is { } c && JsRate is { } j && j > 0 ? c / j : null;
    }

    public static Target? For(string workload, string parameters) => (workload, parameters) switch
    {
        ("append", "single 32B") => Ratio(8),
        ("append", "batch 32B") => Ratio(5),
        ("append", "batch 1024B") => Ratio(2.5),
        ("read", _) => new Target("≥ 3 million entries/s", m => m.CsRate, 3_000_000),
        ("index", var p) when p.StartsWith("memory", StringComparison.Ordinal) => Ratio(10),
        ("index", var p) when p.StartsWith("rocksdb", StringComparison.Ordinal) => Ratio(5),
        ("replicate", "32B 10 feeds") => Ratio(20),
        ("replicate", var p) when p.StartsWith("32B", StringComparison.Ordinal) => Ratio(25),
        ("replicate", var p) when p.StartsWith("1024B", StringComparison.Ordinal) => new Target("≥ 110 MB/s", m => m.CsMbps, 110),
        ("replicate-js", _) => new Target("no slower than JS⇄JS", m => m.Ratio, 1),
        ("kv", _) => Ratio(10),
        // Whole processes (bench/process.sh): the in-process targets of the same work; start-up in seconds.
        ("process", var p) when p.StartsWith("append", StringComparison.Ordinal) => Ratio(5),
        ("process", var p) when p.EndsWith("(start-up)", StringComparison.Ordinal) => new Target("≤ 0.2 s", m => m.CsRate, 5),
        ("process", var p) when p.StartsWith("sum", StringComparison.Ordinal) => Ratio(5),
        ("process", var p) when p.StartsWith("replicate", StringComparison.Ordinal) => Ratio(10),
        ("memory", _) => new Target("peak RSS ≤ ½ of JS", m => m.CsRss is { } c && m.JsRss is { } j && c > 0 ? j / c : null, 2),
        _ => null,
    };

    private static Target Ratio(double goal) => new($"≥ {goal}× JS", m => m.Ratio, goal);
}

using Kappa.Bench;
using Kappa.Bench.Workloads;

// Usage: Kappa.Bench WORKLOAD [--count N] [--size BYTES] [--mode single|batch] [--feeds F] [--store memory|rocksdb] [--dir DIR]
//        Kappa.Bench report RAW.jsonl OUT.md OUT.png
// Prints one JSON line per run; exit code 1 when the run's result check failed.
if (args is ["report", var raw, var markdown, var png]) return Report.Write(raw, markdown, png);
var options = BenchOptions.Parse(args);
BenchResult result;
try
{
    result = options.Workload switch
    {
        "append" => await AppendWorkload.RunAsync(options),
        "read" => await ReadWorkload.RunAsync(options),
        "index" or "memory" => await IndexWorkload.RunAsync(options),
        "replicate" => await ReplicateWorkload.RunAsync(options),
        "replicate-js" => await ReplicateJsWorkload.RunAsync(options),
        "kv" => await KvWorkload.RunAsync(options),
        "list-page" or "list-tail" => await ListWorkload.RunAsync(options),
        "spatial-index" or "spatial-query" => await SpatialWorkload.RunAsync(options),
        _ => throw new ArgumentException($"unknown workload \"{options.Workload}\" (append, read, index, memory, replicate, replicate-js, spatial-index, spatial-query, report)"),
    };
}
finally
{
    if (Directory.Exists(options.Dir) && !args.Contains("--dir")) Directory.Delete(options.Dir, true);
}
Console.WriteLine(result.ToJson());
return result.Ok ? 0 : 1;

// The seed's sum: a writer appends numbers to its log and a view sums every number of every log.
// The view keeps its progress with its data (RocksDB), so a second run continues instead of
// counting twice:   dotnet run --project examples/Sum -- ./sum-db
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;

var dir = args.Length > 0 ? args[0] : "./sum-db";

await using var core = await KappaCore.OpenAsync(dir);
await using var db = RocksDbViewStore.Open(core.ViewDirectory("sum")!);
var sum = core.Use("sum", 1, new SumView(db));

var writer = await core.WriterAsync("local");
await writer.AppendBatchAsync(new[] { 1, 2, 3 });

Console.WriteLine($"sum: {await sum.GetAsync()} ({await sum.CountAsync()} numbers in {core.Feeds.Count} log)");

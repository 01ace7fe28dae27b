using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.CrashHost;

/// <summary>Indexes the store into the persistent sum view (RocksDB in .kappa/views/sum), printing "done" when caught up.</summary>
internal static class IndexLoop
{
    public static async Task<int> RunAsync(string dir, int maxBatch)
    {
        await using var core = await KappaCore.OpenAsync(dir);
        await using var db = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "sum"));
        var sum = core.Use("sum", 1, new SumView(db, maxBatch));
        Console.WriteLine("started");
        Console.Out.Flush();
        var total = await sum.GetAsync();
        Console.WriteLine($"done {total}");
        Console.Out.Flush();
        return 0;
    }
}

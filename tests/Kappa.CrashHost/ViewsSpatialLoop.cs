using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Views.Spatial;

namespace Kappa.CrashHost;

/// <summary>
/// Indexes the store into a persistent spatial view (default map, 2D) on RocksDB under
/// .kappa/views/spatial, printing "done" when it caught up. The spatial crash test kills it mid-index.
/// </summary>
internal static class ViewsSpatialLoop
{
    public static async Task<int> RunAsync(string dir, int maxBatch)
    {
        await using var core = await KappaCore.OpenAsync(dir);
        await using var db = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "spatial"));
        core.Use("spatial", 1, new SpatialView(db, 2, maxBatch: maxBatch));
        Console.WriteLine("started");
        Console.Out.Flush();
        await core.ReadyAsync("spatial");
        Console.WriteLine("done");
        Console.Out.Flush();
        return 0;
    }
}

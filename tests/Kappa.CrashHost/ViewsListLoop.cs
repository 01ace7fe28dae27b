using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Views.List;
using Kappa.Views.Query;

namespace Kappa.CrashHost;

/// <summary>
/// Indexes the store into a persistent list view (by <c>t</c>, partitioned by <c>ch</c>) and a
/// persistent query view (indexes <c>ch,t</c> and <c>t</c>), both on RocksDB under .kappa/views,
/// printing "done" when both caught up. The list crash test kills it mid-index.
/// </summary>
internal static class ViewsListLoop
{
    public static async Task<int> RunAsync(string dir, int maxBatch)
    {
        await using var core = await KappaCore.OpenAsync(dir);
        await using var listDb = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "list"));
        await using var queryDb = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "query"));
        core.Use("list", 1, ListView.ByPath(listDb, "t", "ch", maxBatch));
        core.Use("query", 1, new QueryView(queryDb, [new QueryIndex("cht", "ch", "t"), new QueryIndex("t", "t")], maxBatch));
        Console.WriteLine("started");
        Console.Out.Flush();
        await core.ReadyAsync("list", "query");
        Console.WriteLine("done");
        Console.Out.Flush();
        return 0;
    }
}

using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Views.BackRefs;
using Kappa.Views.KeyValue;

namespace Kappa.CrashHost;

/// <summary>
/// Indexes the store into a persistent key/value view and a persistent back-references view (both
/// with their default maps, on RocksDB under .kappa/views), printing "done" when both caught up.
/// The kv/backrefs crash test kills it mid-index.
/// </summary>
internal static class ViewsKvLoop
{
    public static async Task<int> RunAsync(string dir, int maxBatch)
    {
        await using var core = await KappaCore.OpenAsync(dir);
        await using var kvDb = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "kv"));
        await using var refsDb = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "backrefs"));
        core.Use("kv", 1, new KvView(kvDb, maxBatch: maxBatch));
        core.Use("backrefs", 1, new BackRefsView(refsDb, maxBatch: maxBatch));
        Console.WriteLine("started");
        Console.Out.Flush();
        await core.ReadyAsync("kv", "backrefs");
        Console.WriteLine("done");
        Console.Out.Flush();
        return 0;
    }
}

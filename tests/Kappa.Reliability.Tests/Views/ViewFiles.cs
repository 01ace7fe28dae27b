using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Views.List;

namespace Kappa.Reliability.Tests.Views;

/// <summary>The ways a RocksDB view database's files are damaged in these tests, each done to the real files.</summary>
public enum FileDamage
{
    /// <summary>The largest SST cut to half its length (a lost tail write).</summary>
    TruncatedSst,
    /// <summary>16 bytes inverted a third of the way into the largest SST (inside a data block).</summary>
    FlippedSstBytes,
    /// <summary>The largest SST gone.</summary>
    DeletedSst,
    /// <summary>CURRENT gone (RocksDB alone would start a new empty database over the old files).</summary>
    DeletedCurrent,
    /// <summary>The MANIFEST that CURRENT names gone.</summary>
    DeletedManifest,
    /// <summary>Every 7th byte of the MANIFEST garbled.</summary>
    GarbledManifest,
}

/// <summary>Builds a store with a persistent list view on disk, damages the view's files, and reads views back for comparison.</summary>
internal static class ViewFiles
{
    public const int EntriesPerWriter = 1500;

    /// <summary>Two writers of JSON entries and the list view "list" (by <c>n</c>) indexed over them, its data moved into an SST.</summary>
    public static async Task BuildAsync(string storeDir, bool flushToSst = true)
    {
        var core = await KappaCore.OpenAsync(storeDir);
        var db = RocksDbViewStore.Open(core.ViewDirectory("list")!);
        try
        {
            core.Use("list", 1, ListView.ByPath(db, "n"));
            foreach (var writer in new[] { "a", "b" })
            {
                var feed = await core.WriterAsync(writer);
                for (var start = 0; start < EntriesPerWriter; start += 100)
                    await feed.AppendBatchAsync(Enumerable.Range(start, 100).Select(i => new Entry(i % 211, $"{writer} entry {i}: some text to fill the blocks")));
            }
            await core.ReadyAsync("list");
        }
        finally
        {
            await core.DisposeAsync();
            await db.DisposeAsync();
        }
        if (!flushToSst) return;
        // Opening again replays the write-ahead log into an SST (RocksDB flushes recovered data at open).
        await (RocksDbViewStore.Open(Path.Combine(storeDir, ".kappa", "views", "list"))).DisposeAsync();
        if (Directory.GetFiles(ViewDir(storeDir), "*.sst").Length == 0) throw new InvalidOperationException("the view's data never reached an SST");
    }

    public static string ViewDir(string storeDir) => Path.Combine(storeDir, ".kappa", "views", "list");

    public static void Damage(string dbDir, FileDamage damage)
    {
        var sst = Directory.GetFiles(dbDir, "*.sst").OrderByDescending(f => new FileInfo(f).Length).FirstOrDefault();
        var manifest = Directory.GetFiles(dbDir, "MANIFEST-*").Order(StringComparer.Ordinal).LastOrDefault();
        switch (damage)
        {
            case FileDamage.TruncatedSst:
                using (var f = File.OpenWrite(sst!)) f.SetLength(f.Length / 2);
                break;
            case FileDamage.FlippedSstBytes:
                var bytes = File.ReadAllBytes(sst!);
                for (var i = 0; i < 16; i++) bytes[bytes.Length / 3 + i] ^= 0xFF;
                File.WriteAllBytes(sst!, bytes);
                break;
            case FileDamage.DeletedSst:
                File.Delete(sst!);
                break;
            case FileDamage.DeletedCurrent:
                File.Delete(Path.Combine(dbDir, "CURRENT"));
                break;
            case FileDamage.DeletedManifest:
                File.Delete(manifest!);
                break;
            case FileDamage.GarbledManifest:
                var m = File.ReadAllBytes(manifest!);
                for (var i = 10; i < m.Length; i += 7) m[i] ^= 0x5A;
                File.WriteAllBytes(manifest!, m);
                break;
        }
    }

    /// <summary>Every key and value in the store, as hex, in key order.</summary>
    public static async Task<List<string>> DumpAsync(IViewStore store)
    {
        var rows = new List<string>();
        await foreach (var (key, value) in store.ScanAsync()) rows.Add(Convert.ToHexString(key) + "=" + Convert.ToHexString(value));
        return rows;
    }

    public sealed record Entry(int n, string text);
}

using System.CommandLine;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa info --store DIR</c>: feeds, sizes, and each persistent view with its progress.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var command = new Command("info", "Show the store's feeds (length, size, writable) and each view's version and progress.") { store };
        CliAction.Set(command, async (parse, ct) =>
        {
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, new FeedStoreOptions { ReadOnly = true }, ct);
            long entries = 0;
            Console.WriteLine($"store {fs.Directory}");
            Console.WriteLine($"feeds ({fs.Feeds.Count}):");
            foreach (var (name, feed) in fs.NamedFeeds)
            {
                entries += feed.Length;
                var stored = feed.CountStored();
                var holes = stored == feed.Length ? "" : $", {feed.Length - stored} not yet downloaded";
                Console.WriteLine($"  {feed.Key}  {name,-12} {(feed.Writable ? "local " : "remote")}  {feed.Length} entries, {feed.ByteLength} bytes{holes}");
            }
            // Read-only, so a damaged feed is shown at its recovered length without being written; `kappa verify --repair` writes it.
            if (fs.Repairs.Count > 0) Console.WriteLine($"damage found ({fs.Repairs.Count}; `kappa verify --repair` repairs it on disk):");
            foreach (var r in fs.Repairs) Console.WriteLine($"  {r.Directory}/  {r.Message}");
            var viewsDir = Path.Combine(fs.InternalDirectory!, "views");
            var views = Directory.Exists(viewsDir)
                ? Directory.GetDirectories(viewsDir).Where(d => !d.EndsWith(RocksDbViewStore.DamagedSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
                : [];
            Console.WriteLine($"views ({views.Count}):");
            foreach (var dir in views)
            {
                var name = Path.GetFileName(dir);
                try
                {
                    // Every block's checksum is checked: a damaged view is named here, never shown with a wrong progress.
                    await using var db = RocksDbViewStore.OpenReadOnly(dir, verify: true);
                    var progress = await StoredViewProgress.ReadAsync(db, ct);
                    var indexed = progress?.Total ?? 0;
                    var state = indexed >= entries ? "up to date" : $"{entries - indexed} entries behind";
                    Console.WriteLine($"  {name,-12} version {progress?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, indexed {indexed} of {entries} entries ({state})");
                }
                catch (ViewStoreException e) when (e.Code == ViewStoreException.Corrupt)
                {
                    Console.WriteLine($"  {name,-12} damaged ({e.Message}); the next command that opens it starts it afresh and rebuilds it from the feeds");
                }
                if (RocksDbViewStore.LastRepair(dir) is { } repair) Console.WriteLine($"  {"",-12} last repair {repair}");
            }
            return 0;
        });
        return command;
    }
}

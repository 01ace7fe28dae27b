using System.Runtime.CompilerServices;
using Kappa.Core;
using Kappa.Core.Diagnostics;
using Kappa.Core.Stores;

namespace Kappa.Cli;

/// <summary>
/// Opens a store and the RocksDB database of one of its persistent views, for commands that run
/// one view and exit: what the view database and the view need first — RocksDB's library and open
/// path (<see cref="RocksDbViewStore.Preload"/>, about 20 ms) and the views' meters (about 10 ms)
/// — is set up on another thread while the store opens (bench/results/limits.md, "A fifth look",
/// has the measured effect). The database itself opens only after the store did, so a store that
/// is open in another process is reported as such and its view databases are not touched (opened
/// early, RocksDB would write new files into them and hold their lock while the process that owns
/// the store may be about to open them).
/// </summary>
internal static class ViewDatabaseOpening
{
    /// <summary>The open core and view database; the caller disposes both.</summary>
    /// <exception cref="Kappa.Multifeed.Store.FeedStoreException">The store cannot be opened (e.g. it is open in another process).</exception>
    public static async Task<(KappaCore Core, RocksDbViewStore Database)> OpenAsync(string store, string view, CancellationToken ct)
    {
        var preloading = Task.Run(static () =>
        {
            RocksDbViewStore.Preload();
            RuntimeHelpers.RunClassConstructor(typeof(ViewTelemetry).TypeHandle);
        }, CancellationToken.None);
        KappaCore core;
        try { core = await KappaCore.OpenAsync(store, ct: ct); }
        catch
        {
            // The store's error is the one to report; a preload failure after it would only repeat
            // what Open would say, so it is observed here rather than left to the finalizer.
            _ = preloading.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
        try
        {
            // A failure to preload surfaces here, as the same failure of Open would.
            await preloading;
            return (core, RocksDbViewStore.Open(core.ViewDirectory(view)!));
        }
        catch
        {
            await core.DisposeAsync();
            throw;
        }
    }
}

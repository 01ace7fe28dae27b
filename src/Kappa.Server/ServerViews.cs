using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Server.Api;
using Kappa.Views.KeyValue;
using Kappa.Views.List;

namespace Kappa.Server;

/// <summary>
/// The views <c>kappa serve</c> keeps indexing, each persistent in <c>.kappa/views/NAME</c> and
/// shared with the command that builds the same view: <c>sum</c> (<c>kappa sum</c>), <c>kv</c>
/// (the key/value view behind <c>/api/kv</c>) and <c>list-PATH</c> per sorted list
/// (<c>kappa list --by PATH</c>, behind <c>/api/list?by=PATH</c>).
/// </summary>
public sealed class ServerViews : IAsyncDisposable
{
    private readonly List<RocksDbViewStore> _stores = [];

    private ServerViews() { }

    /// <summary>Opens the view stores and installs the views on <paramref name="core"/> (a store on disk).</summary>
    /// <param name="core">The open core.</param>
    /// <param name="listPaths">Dotted JSON paths to keep a sorted list by (e.g. <c>timestamp</c>).</param>
    public static ServerViews Install(KappaCore core, IEnumerable<string> listPaths)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(listPaths);
        var views = new ServerViews();
        try
        {
            core.Use("sum", 1, new SumView(views.Open(core, "sum")));
            core.Use(KvEndpoints.ViewName, 1, new KvView(views.Open(core, KvEndpoints.ViewName)));
            foreach (var path in listPaths.Distinct(StringComparer.Ordinal))
            {
                JsonPath.Parse(path);
                var name = ListEndpoints.ViewName(path);
                core.Use(name, 1, ListView.ByPath(views.Open(core, name), path));
            }
            return views;
        }
        catch
        {
            views.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    private RocksDbViewStore Open(KappaCore core, string name)
    {
        var dir = core.ViewDirectory(name) ?? throw new InvalidOperationException("Persistent views need a store on disk.");
        var store = RocksDbViewStore.Open(dir);
        _stores.Add(store);
        return store;
    }

    /// <summary>Closes the view stores; dispose the core (which stops the views) first.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync().ConfigureAwait(false);
        _stores.Clear();
    }
}

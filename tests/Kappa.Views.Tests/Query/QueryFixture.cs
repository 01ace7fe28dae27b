using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Kappa.Views.Query;

namespace Kappa.Views.Tests.Query;

/// <summary>A RAM kappa core with a query view over the given indexes.</summary>
internal sealed class QueryFixture : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private QueryFixture(KappaCore core, QueryView view)
    {
        Core = core;
        View = view;
    }

    public KappaCore Core { get; }

    public QueryView View { get; }

    public static async Task<QueryFixture> OpenAsync(params QueryIndex[] indexes)
    {
        var core = KappaCore.Create(await FeedStore.OpenAsync(new RamStoreStorage()));
        return new QueryFixture(core, core.Use("query", 1, new QueryView(new MemoryViewStore(), indexes)));
    }

    public async Task<Feed> WriterAsync(string name) => await Core.WriterAsync(name);

    public async Task<IReadOnlyList<QueryEntry>> RunAsync(Kappa.Views.Query.Query query) => await View.ToListAsync(query).WaitAsync(Timeout);

    public ValueTask DisposeAsync() => Core.DisposeAsync();
}

using Kappa.Core;
using Kappa.Hypercore;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.Views.List;

namespace Kappa.Views.Tests.List;

/// <summary>A RAM kappa core with a list view by <c>t</c>, partitioned by <c>ch</c> unless told otherwise.</summary>
internal sealed class ListFixture : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ListFixture(KappaCore core, ListView list)
    {
        Core = core;
        List = list;
    }

    public KappaCore Core { get; }

    public ListView List { get; }

    public static async Task<ListFixture> OpenAsync(string sortPath = "t", string? partitionPath = "ch")
    {
        var core = KappaCore.Create(await FeedStore.OpenAsync(new RamStoreStorage()));
        var list = core.Use("list", 1, ListView.ByPath(new MemoryViewStore(), sortPath, partitionPath));
        return new ListFixture(core, list);
    }

    public async Task<Feed> WriterAsync(string name) => await Core.WriterAsync(name);

    public async Task<IReadOnlyList<ListEntry>> ReadAsync(ListQuery query) => await List.PageAsync(query).WaitAsync(Timeout);

    public ValueTask DisposeAsync() => Core.DisposeAsync();
}

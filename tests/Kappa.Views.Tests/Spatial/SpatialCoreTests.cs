using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.TestSupport;
using Kappa.Views.Spatial;

namespace Kappa.Views.Tests.Spatial;

/// <summary>The spatial view on a real core, real feeds and RocksDB, with the default map (the README's example).</summary>
public class SpatialCoreTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_readme_example_moves_a_point_forks_another_and_keeps_them_after_a_restart()
    {
        using var dir = new TempDirectory("spatial-core");
        string moved, fork;
        await using (var core = await KappaCore.OpenAsync(dir.Path))
        {
            await using var db = RocksDbViewStore.Open(core.ViewDirectory("places")!);
            var places = core.Use("places", 1, new SpatialView(db, dimensions: 2));
            var me = await core.WriterAsync("local");
            var peer = await core.WriterAsync("peer");
            await me.AppendAsync(new { point = new[] { -155.0, 19.6 }, name = "camp" });
            await me.AppendAsync(new { point = new[] { -155.0, 19.5 }, name = "camp, moved", links = new[] { $"{me.Key}@0" } });
            await peer.AppendAsync(new { point = new[] { 13.37, 66.67 }, name = "hut" });
            await peer.AppendAsync(new { point = new[] { 13.4, 66.7 }, name = "hut, here", links = new[] { $"{peer.Key}@0" } });
            await me.AppendAsync(new { point = new[] { 13.3, 66.6 }, name = "hut, there", links = new[] { $"{peer.Key}@0" } });
            await me.AppendAsync(new { point = "not a point" });

            var island = await places.QueryAsync(SpatialBox.FromBbox(-156, 19, -154, 20)).ToListAsync().AsTask().WaitAsync(Timeout);
            moved = Assert.Single(island).Id;
            Assert.Equal($"{me.Key}@1", moved);
            var north = await places.QueryAsync(SpatialBox.FromBbox(13, 66, 14, 67)).Select(p => p.Id).ToListAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal(2, north.Count); // a fork: two current versions of the hut
            fork = string.Join(",", north);
            Assert.Equal(ViewState.Idle, core.GetViewStatus("places").State);
        }
        await using (var core = await KappaCore.OpenAsync(dir.Path))
        {
            await using var db = RocksDbViewStore.Open(core.ViewDirectory("places")!);
            var places = core.Use("places", 1, new SpatialView(db));
            var all = await places.QueryAsync(SpatialBox.FromBbox(-180, -90, 180, 90)).Select(p => p.Id).ToListAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal(3, all.Count);
            Assert.Contains(moved, all);
            Assert.All(fork.Split(','), id => Assert.Contains(id, all));
        }
    }
}

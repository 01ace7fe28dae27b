using System.Text;
using Kappa.Core.Stores;
using Kappa.Hypercore.Crypto;
using Kappa.TestSupport;
using Kappa.Views.Spatial;

namespace Kappa.Views.Tests.Spatial;

/// <summary>The rule's corners, one at a time: edges, links, tombstones, malformed rows.</summary>
public class SpatialRuleTests
{
    private static readonly string F = new('f', 64);

    private static string Id(int seq) => $"{F}@{seq}";

    private static async Task<SpatialView> IndexedAsync(IViewStore store, SpatialRow[] first, SpatialRow[]? second = null, SpatialRow[]? third = null)
    {
        var view = new SpatialView(store, 2, SpatialTestRows.Explicit);
        await SpatialTestRows.IndexAsync(view, new[] { first, second, third }.OfType<SpatialRow[]>());
        return view;
    }

    private static async Task<List<string>> IdsAsync(SpatialView view, params double[] bbox) =>
        await view.QueryAsync(SpatialBox.FromBbox(bbox)).Select(p => p.Id).ToListAsync();

    [Fact]
    public async Task Box_edges_are_inclusive_and_exact_on_doubles()
    {
        await using var store = new MemoryViewStore();
        // 0.1 and 0.3 are not float32 values: a float32 index (kappa-osm's) rounds them past the edge.
        var view = await IndexedAsync(store, [
            new(Id(0), [0.1, 0.3]),
            new(Id(1), [0.3, 0.1]),
            new(Id(2), [Math.BitIncrement(0.3), 0.2]),
            new(Id(3), [0.2, Math.BitDecrement(0.1)]),
            new(Id(4), [0.2, 0.2]),
        ]);
        Assert.Equal([Id(0), Id(1), Id(4)], (await IdsAsync(view, 0.1, 0.1, 0.3, 0.3)).Order());
        Assert.Equal([Id(0)], await IdsAsync(view, 0.1, 0.3, 0.1, 0.3)); // a box that is one point
        Assert.Equal([Id(2)], await IdsAsync(view, Math.BitIncrement(0.3), 0, 1, 1));
        var point = Assert.Single(await view.QueryAsync(SpatialBox.FromBbox(0.1, 0.3, 0.1, 0.3)).ToListAsync());
        Assert.Equal([0.1, 0.3], point.Coordinates); // the stored bits, not a rounded copy
    }

    [Fact]
    public async Task Negative_zero_is_zero_and_negative_coordinates_order_correctly()
    {
        await using var store = new MemoryViewStore();
        var view = await IndexedAsync(store, [new(Id(0), [-0.0, 0.0]), new(Id(1), [-155.1, -19.5]), new(Id(2), [-155.0, -19.6])]);
        Assert.Equal([Id(0)], await IdsAsync(view, 0, 0, 0, 0));
        Assert.Equal([Id(0)], await IdsAsync(view, -0.0, -0.0, -0.0, -0.0));
        Assert.Equal([Id(1), Id(2)], (await IdsAsync(view, -155.1, -19.6, -155.0, -19.5)).Order());
        Assert.Equal([Id(2)], await IdsAsync(view, -155.05, -19.6, -155.0, -19.55));
    }

    [Fact]
    public async Task A_move_replaces_the_point_and_a_fork_keeps_both_in_any_arrival_order()
    {
        SpatialRow root = new(Id(0), [13.37, 66.67]), left = new(Id(1), [-155.0, 19.5], [Id(0)]), right = new(Id(2), [-155.1, 19.7], [Id(0)]);
        await using var inOrder = new MemoryViewStore();
        await using var reversed = new MemoryViewStore();
        var a = await IndexedAsync(inOrder, [root], [left], [right]);
        var b = await IndexedAsync(reversed, [right], [left], [root]);
        foreach (var view in new[] { a, b })
        {
            Assert.Empty(await IdsAsync(view, 10, 60, 20, 70));
            Assert.Equal([Id(1), Id(2)], (await IdsAsync(view, -180, -90, 180, 90)).Order());
        }
    }

    [Fact]
    public async Task A_tombstone_removes_what_it_links_even_when_it_arrives_first()
    {
        await using var first = new MemoryViewStore();
        await using var last = new MemoryViewStore();
        SpatialRow point = new(Id(0), [1, 2]), other = new(Id(1), [1, 2]), tombstone = SpatialRow.Tombstone(Id(2), [Id(0)]);
        var a = await IndexedAsync(first, [tombstone], [point, other]);
        var b = await IndexedAsync(last, [point, other], [tombstone]);
        Assert.Equal([Id(1)], await IdsAsync(a, 0, 0, 5, 5));
        Assert.Equal([Id(1)], await IdsAsync(b, 0, 0, 5, 5));
    }

    [Fact]
    public async Task A_row_linking_itself_adds_nothing_and_a_repeated_row_is_one_point()
    {
        await using var store = new MemoryViewStore();
        var view = await IndexedAsync(store, [new(Id(0), [1, 1], [Id(0)]), new(Id(1), [2, 2]), new(Id(1), [2, 2])], [new(Id(1), [2, 2])]);
        Assert.Equal([Id(1)], await IdsAsync(view, 0, 0, 5, 5));
    }

    [Fact]
    public async Task Malformed_rows_are_skipped_with_their_links_and_the_view_goes_on()
    {
        await using var store = new MemoryViewStore();
        var view = await IndexedAsync(store,
            [new(Id(0), [1, 1]), new(Id(1), [1, 1]), new(Id(2), [1, 1])],
            [
                new(Id(3), [double.NaN, 1], [Id(0)]),
                new(Id(4), [1, 1, 1], [Id(1)]), // wrong dimension
                new(Id(5), [1], [Id(2)]),
                new(Id(6), [double.PositiveInfinity, 1]),
                new("", [1, 1]),
                new(Id(7), [2, 2]),
            ]);
        Assert.Equal([Id(0), Id(1), Id(2), Id(7)], (await IdsAsync(view, 0, 0, 5, 5)).Order());
    }

    [Fact]
    public async Task The_default_map_reads_points_links_and_tombstones_and_skips_the_rest()
    {
        var feed = new FeedKey(Enumerable.Repeat((byte)0xab, 32).ToArray());
        string IdOf(int seq) => $"{feed}@{seq}";
        string[] entries =
        [
            """{"point":[1.5,2.5]}""",
            """{"point":[3,4],"links":["%0",7,"not an id"]}""",
            """{"point":[1,"x"]}""",
            """{"point":{"x":1}}""",
            """not json""",
            """[1,2]""",
            """{"point":[5,5]}""",
            """{"deleted":true,"links":["%6"]}""",
            """{"point":[1e400,1]}""",
        ];
        await using var store = new MemoryViewStore();
        var view = new SpatialView(store);
        await ViewDriver.IndexAsync(view, [.. entries.Select((e, i) => ViewDriver.Entry(feed, i, Encoding.UTF8.GetBytes(e.Replace("%0", IdOf(0)).Replace("%6", IdOf(6)))))]);
        var points = await view.QueryAsync(SpatialBox.FromBbox(-10, -10, 10, 10)).ToListAsync();
        var point = Assert.Single(points);
        Assert.Equal(IdOf(1), point.Id);
        Assert.Equal([3.0, 4.0], point.Coordinates);
    }

    [Fact]
    public async Task Boxes_must_match_the_view_and_be_well_formed()
    {
        await using var store = new MemoryViewStore();
        var view = await IndexedAsync(store, [new(Id(0), [1, 1])]);
        await Assert.ThrowsAsync<ArgumentException>(async () => await view.QueryAsync(SpatialBox.FromBbox(0, 0, 0, 1, 1, 1)).ToListAsync());
        Assert.Throws<ArgumentException>(() => SpatialBox.FromBbox(170, 0, -170, 1)); // across the antimeridian: two boxes
        Assert.Throws<ArgumentException>(() => SpatialBox.FromBbox(double.NaN, 0, 1, 1));
        Assert.Throws<ArgumentException>(() => SpatialBox.FromBbox(0, 0, 1));
    }

    [Fact]
    public async Task A_store_indexed_in_another_dimension_faults_the_map_instead_of_answering_wrongly()
    {
        await using var store = new MemoryViewStore();
        await IndexedAsync(store, [new(Id(0), [1, 1])]);
        var threeD = new SpatialView(store, 3, SpatialTestRows.Explicit);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SpatialTestRows.IndexAsync(threeD, [[new(Id(1), [1, 1, 1])]]));
        Assert.Contains("new version", error.Message);
    }
}

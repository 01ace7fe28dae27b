using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>
/// Each defect of unordered-materialized-kv 1.3.0 listed in views.md, shown by running the module
/// (tests/interop/lib/views-kv.js) beside our answer for the same rows.
/// </summary>
public class KvJsDefectTests(ViewsJsFixture js) : IClassFixture<ViewsJsFixture>
{
    private static readonly string F = new('f', 64);
    private static readonly string A1 = F + "@1", A2 = F + "@2", A3 = F + "@3";

    [JsFact]
    public async Task The_same_id_twice_in_one_batch_is_one_head()
    {
        KvRow[][] batches = [[new("k", A1), new("k", A1)]];
        var theirs = await js.KvAsync(batches, ["k"]);
        Assert.Equal([A1, A1], theirs.Heads["k"]!);
        Assert.Equal([A1], await OursAsync(batches, "k"));
    }

    [JsFact]
    public async Task A_key_whose_versions_are_all_linked_from_another_key_is_empty_not_an_empty_string()
    {
        KvRow[][] batches = [[new("other", A2, [A1])], [new("k", A1)]];
        var theirs = await js.KvAsync(batches, ["k"]);
        Assert.Equal([""], theirs.Heads["k"]!);
        Assert.Empty(await OursAsync(batches, "k"));
    }

    [JsFact]
    public async Task A_cross_key_link_removes_the_version_whatever_arrived_first()
    {
        KvRow[][] targetFirst = [[new("k", A1)], [new("other", A2, [A1])]];
        KvRow[][] linkFirst = [[new("other", A2, [A1])], [new("k", A1)]];
        var jsTargetFirst = await js.KvAsync(targetFirst, ["k"]);
        var jsLinkFirst = await js.KvAsync(linkFirst, ["k"]);
        Assert.Equal([A1], jsTargetFirst.Heads["k"]!); // still a head although A2 links it
        Assert.Equal([""], jsLinkFirst.Heads["k"]!);   // order decides the answer
        Assert.Empty(await OursAsync(targetFirst, "k"));
        Assert.Empty(await OursAsync(linkFirst, "k"));
    }

    [JsFact]
    public async Task An_id_with_a_comma_is_an_ordinary_id_and_indexing_goes_on()
    {
        KvRow[][] batches = [[new("k", "x,1")], [new("k", A1)]];
        var theirs = await js.KvAsync(batches, ["k"]);
        Assert.Equal("id contains delimiter", theirs.BatchErrors[0].Message);
        Assert.StartsWith("wedged", theirs.BatchErrors[1].Message, StringComparison.Ordinal); // every later batch hangs
        Assert.Equal([A1, "x,1"], await OursAsync(batches, "k"));
    }

    [JsFact]
    public async Task A_missing_key_is_an_empty_list_not_an_error()
    {
        var theirs = await js.KvAsync([[new KvRow("k", A1)]], ["nope"]);
        Assert.Null(theirs.Heads["nope"]);
        Assert.Contains("not found", theirs.Errors["nope"], StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await OursAsync([[new KvRow("k", A1)]], "nope"));
    }

    [JsFact]
    public async Task Head_order_does_not_depend_on_arrival_order()
    {
        var g = "0" + new string('1', 63) + "@7";
        KvRow[][] oneWay = [[new("k", A3)], [new("k", g)], [new("k", A2)]];
        KvRow[][] otherWay = [[new("k", A2)], [new("k", A3)], [new("k", g)]];
        var jsOne = await js.KvAsync(oneWay, ["k"]);
        var jsOther = await js.KvAsync(otherWay, ["k"]);
        Assert.NotEqual(jsOne.Heads["k"], jsOther.Heads["k"]); // peers that received rows in another order disagree
        string[] expected = [g, A2, A3]; // by feed hex, then seq
        Assert.Equal(expected, await OursAsync(oneWay, "k"));
        Assert.Equal(expected, await OursAsync(otherWay, "k"));
    }

    private static async Task<IReadOnlyList<string>> OursAsync(KvRow[][] batches, string key)
    {
        await using var store = new MemoryViewStore();
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, batches);
        return await view.GetHeadsAsync(key);
    }
}

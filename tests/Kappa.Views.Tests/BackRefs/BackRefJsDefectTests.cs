using System.Text.Json.Nodes;
using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.BackRefs;
using Kappa.Views.Tests.KeyValue;

namespace Kappa.Views.Tests.BackRefs;

/// <summary>
/// Each defect of unordered-materialized-backrefs 1.0.1, shown by running the module
/// (tests/interop/lib/views-kv.js) beside our answer for the same rows. views.md lists the
/// module's layout; these were found by reading and running it.
/// </summary>
public class BackRefJsDefectTests(ViewsJsFixture js) : IClassFixture<ViewsJsFixture>
{
    private static readonly string F = new('f', 64), G = "0" + new string('1', 63);
    private static readonly string A1 = F + "@1", A2 = F + "@2", A10 = F + "@10", B7 = G + "@7";

    [JsFact]
    public async Task The_order_of_back_references_does_not_depend_on_arrival_order()
    {
        JsonObject[][] oneWay = [[Row(A10, ["X"])], [Row(B7, ["X"])], [Row(A2, ["X"])]];
        JsonObject[][] otherWay = [[Row(A2, ["X"])], [Row(A10, ["X"])], [Row(B7, ["X"])]];
        var jsOne = await js.BackRefsAsync(oneWay, ["X"]);
        var jsOther = await js.BackRefsAsync(otherWay, ["X"]);
        Assert.NotEqual(jsOne.Refs["X"], jsOther.Refs["X"]); // peers that received rows in another order disagree
        string[] expected = [B7, A2, A10]; // by feed hex, then seq as a number
        Assert.Equal(expected, await OursAsync(oneWay, "X"));
        Assert.Equal(expected, await OursAsync(otherWay, "X"));
    }

    [JsFact]
    public async Task A_document_without_refs_still_supersedes_what_it_links()
    {
        // A tombstone ({links} and nothing else): the module stores JSON.stringify(undefined) and the whole batch fails.
        JsonObject[][] batches = [[Row(A1, ["X"])], [new JsonObject { ["id"] = A2, ["links"] = new JsonArray(A1) }]];
        var theirs = await js.BackRefsAsync(batches, ["X"]);
        Assert.Equal([(1, "value cannot be `null` or `undefined`")], theirs.BatchErrors);
        Assert.Equal([A1], theirs.Refs["X"]); // the deleted document still references X
        Assert.Empty(await OursAsync(batches, "X"));
    }

    [JsFact]
    public async Task Refs_that_are_not_a_list_never_wedge_the_view()
    {
        JsonObject[][] batches = [[new JsonObject { ["id"] = A1, ["refs"] = "X" }], [Row(A2, ["X"])]];
        var theirs = await js.BackRefsAsync(batches, ["X"]);
        Assert.Equal("(doc.refs || []).forEach is not a function", theirs.BatchErrors[0].Message);
        Assert.StartsWith("wedged", theirs.BatchErrors[1].Message, StringComparison.Ordinal); // every later batch hangs
        Assert.Empty(theirs.Refs["X"]);
        Assert.Equal([A2], await OursAsync(batches, "X")); // the malformed field is ignored, indexing goes on
    }

    [JsFact]
    public async Task Every_row_of_an_id_loses_its_refs_when_the_id_is_linked()
    {
        // The module keeps only the last row's refs per id (o!<id>), so the first row's reference outlives the link.
        JsonObject[][] batches = [[Row("doc", ["X"])], [Row("doc", ["Y"])], [Row(A1, [], links: ["doc"])]];
        var theirs = await js.BackRefsAsync(batches, ["X", "Y"]);
        Assert.Empty(theirs.BatchErrors);
        Assert.Equal(["doc"], theirs.Refs["X"]);
        Assert.Empty(theirs.Refs["Y"]);
        Assert.Empty(await OursAsync(batches, "X"));
        Assert.Empty(await OursAsync(batches, "Y"));
    }

    [JsFact]
    public async Task An_id_named_like_an_object_member_is_an_ordinary_id()
    {
        // The module keeps sets in plain objects: remove["constructor"] is Object.prototype.constructor,
        // so a document named "constructor" counts as linked and its refs are never stored.
        JsonObject[][] batches = [[Row("constructor", ["X"]), Row(A1, ["X"])]];
        var theirs = await js.BackRefsAsync(batches, ["X"]);
        Assert.Equal([A1], theirs.Refs["X"]);
        Assert.Equal([A1, "constructor"], await OursAsync(batches, "X"));
    }

    [JsFact]
    public async Task A_ref_named_proto_is_stored_and_harms_no_other_document()
    {
        // refs["__proto__"] is Object.prototype, so the ref is never stored and refs["__proto__"][id] = true
        // marks the referring id as removed in every object of the process: the same id in a fresh view
        // never counts again. A unique id keeps the poison away from this class's other tests.
        var poisoned = "doc-" + Guid.NewGuid().ToString("N");
        JsonObject[][] first = [[Row(poisoned, ["__proto__"])]];
        JsonObject[][] second = [[Row(poisoned, ["X"])]];
        var jsFirst = await js.BackRefsAsync(first, ["__proto__"]);
        var jsSecond = await js.BackRefsAsync(second, ["X"]); // another, fresh level-mem db
        Assert.Empty(jsFirst.Refs["__proto__"]);
        Assert.Empty(jsSecond.Refs["X"]);
        Assert.Equal([poisoned], await OursAsync(first, "__proto__"));
        Assert.Equal([poisoned], await OursAsync(second, "X"));
    }

    private static JsonObject Row(string id, string[] refs, string[]? links = null) =>
        BackRefTestRows.ToJson(new BackRefRow(id, refs, links ?? []));

    private static async Task<IReadOnlyList<string>> OursAsync(JsonObject[][] batches, string id)
    {
        await using var store = new MemoryViewStore();
        var view = new BackRefsView(store, BackRefTestRows.Explicit);
        await BackRefTestRows.IndexJsonAsync(view, batches);
        return await view.GetAsync(id);
    }
}

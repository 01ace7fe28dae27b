using System.Text.Json;
using System.Text.Json.Nodes;
using Kappa.TestSupport;
using Kappa.Views.List;
using Kappa.Views.Query;
using Kappa.Views.Tests.Query;

namespace Kappa.Views.Tests.List;

/// <summary>
/// Defects of kappa-view-list 1.2.0 and kappa-view-query 2.0.9 (views.md), shown by running the
/// modules on kappa-core 6 (tests/interop/lib/views-list.js) beside our answer for the same logs.
/// </summary>
public class ListJsDefectTests(ListJsDefectTests.Js js) : IClassFixture<ListJsDefectTests.Js>
{
    private static readonly object[] Mine = [new { t = 10 }, new { t = 9 }, new { t = 100 }, new { t = 2 }];
    private static readonly object[] Theirs = [new { t = 10 }];

    [JsFact]
    public async Task Kappa_view_list_sorts_numbers_as_strings_and_we_sort_them_as_numbers()
    {
        var theirs = await js.RequestAsync(new JsonObject { ["op"] = "list", ["writers"] = Writers(Mine), ["path"] = new JsonArray("t") });
        Assert.Equal([10.0, 100, 2, 9], Values(theirs)); // "10" < "100" < "2" < "9"

        await using var f = await ListFixture.OpenAsync("t", null);
        await (await f.WriterAsync("a")).AppendBatchAsync(Mine);
        Assert.Equal([2.0, 9, 10, 100], (await f.ReadAsync(new ListQuery())).Select(e => e.Sort.Number));
    }

    [JsFact]
    public async Task Kappa_view_list_keeps_one_of_two_writers_with_the_same_value_and_we_keep_both()
    {
        var theirs = await js.RequestAsync(new JsonObject { ["op"] = "list", ["writers"] = Writers(Mine, Theirs), ["path"] = new JsonArray("t") });
        Assert.Single(Values(theirs), 10.0); // the other writer's t=10 was overwritten: a lost message in Cabal

        await using var f = await ListFixture.OpenAsync("t", null);
        await (await f.WriterAsync("a")).AppendBatchAsync(Mine);
        await (await f.WriterAsync("b")).AppendBatchAsync(Theirs);
        var tens = await f.ReadAsync(new ListQuery { From = 10, To = 10 });
        Assert.Equal(2, tens.Count);
        Assert.NotEqual(tens[0].Feed, tens[1].Feed);
    }

    [JsFact]
    public async Task Kappa_view_query_drops_falsy_values_from_its_index_and_we_find_them()
    {
        object[] entries = [new { n = 0 }, new { n = 1 }, new { n = "" }, new { n = false }];
        foreach (var (value, seq) in new (JsonNode Value, long Seq)[] { (JsonValue.Create(0), 0), (JsonValue.Create(""), 2), (JsonValue.Create(false), 3) })
        {
            var theirs = await js.RequestAsync(new JsonObject
            {
                ["op"] = "query",
                ["writers"] = Writers(entries),
                ["indexes"] = new JsonArray(new JsonObject { ["key"] = "n", ["value"] = new JsonArray(new JsonArray("value", "n")) }),
                ["query"] = new JsonArray(new JsonObject { ["$filter"] = new JsonObject { ["value"] = new JsonObject { ["n"] = value.DeepClone() } } }),
            });
            Assert.Empty(theirs.GetProperty("entries").EnumerateArray());

            await using var f = await QueryFixture.OpenAsync(new QueryIndex("n", "n"));
            await (await f.WriterAsync("a")).AppendBatchAsync(entries);
            SortValue.TryFromJson(JsonSerializer.SerializeToElement(value), out var wanted);
            Assert.Equal([seq], (await f.RunAsync(Kappa.Views.Query.Query.Where("n", wanted))).Select(e => e.Seq));
        }
    }

    private static JsonArray Writers(params object[][] writers) =>
        new([.. writers.Select(w => (JsonNode)JsonSerializer.SerializeToNode(w)!)]);

    private static List<double> Values(JsonElement answer) =>
        [.. answer.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("value").GetProperty("t").GetDouble())];

    /// <summary>One node process (tests/interop/lib/views-list.js) for the class, started on first use.</summary>
    public sealed class Js : IAsyncDisposable
    {
        private readonly Lazy<JsScriptHost> _host = new(() => JsScriptHost.Start("lib/views-list.js"));

        public Task<JsonElement> RequestAsync(JsonObject request) => _host.Value.RequestAsync(request);

        public async ValueTask DisposeAsync()
        {
            if (_host.IsValueCreated) await _host.Value.DisposeAsync();
        }
    }
}

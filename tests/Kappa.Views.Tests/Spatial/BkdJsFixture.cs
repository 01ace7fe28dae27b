using System.Text.Json;
using System.Text.Json.Nodes;
using Kappa.TestSupport;
using Kappa.Views.Spatial;

namespace Kappa.Views.Tests.Spatial;

/// <summary>One node process (tests/interop/lib/views-bkd.js: unordered-materialized-bkd 1.1.1) for a whole test class, started on first use.</summary>
public sealed class BkdJsFixture : IAsyncDisposable
{
    private readonly Lazy<JsScriptHost> _host = new(() => JsScriptHost.Start("lib/views-bkd.js"));

    /// <summary>
    /// The module's answer to each box after <paramref name="batches"/>, as it returned it (order,
    /// duplicates, rounded coordinates), with points stored as <paramref name="type"/>
    /// (<c>float32be</c> as kappa-osm, or <c>float64be</c>).
    /// </summary>
    public async Task<JsBkd> QueryAsync(IEnumerable<IEnumerable<SpatialRow>> batches, IEnumerable<SpatialBox> boxes, string type = "float64be", int dims = 2)
    {
        var req = new JsonObject
        {
            ["op"] = "bkd",
            ["type"] = type,
            ["dims"] = dims,
            ["batches"] = new JsonArray([.. batches.Select(b => (JsonNode)new JsonArray([.. b.Select(r => (JsonNode)SpatialTestRows.ToJson(r))]))]),
            ["boxes"] = new JsonArray([.. boxes.Select(b => (JsonNode)new JsonArray([.. b.Min.Concat(b.Max).Select(x => (JsonNode)x)]))]),
        };
        var answer = await _host.Value.RequestAsync(req);
        var results = answer.GetProperty("results").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(p => (Id: p.GetProperty("id").GetString()!, Point: p.GetProperty("point").EnumerateArray().Select(x => x.GetDouble()).ToArray())).ToList())
            .ToList();
        var batchErrors = answer.GetProperty("batchErrors").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetString()!)).ToList();
        return new JsBkd(results, batchErrors);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host.IsValueCreated) await _host.Value.DisposeAsync();
    }
}

/// <summary>What unordered-materialized-bkd returned: per box the points found, and any failed batches.</summary>
public sealed record JsBkd(List<List<(string Id, double[] Point)>> Results, List<(int Batch, string Message)> BatchErrors);

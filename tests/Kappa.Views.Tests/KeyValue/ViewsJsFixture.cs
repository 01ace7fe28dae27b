using System.Text.Json;
using System.Text.Json.Nodes;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>One node process (tests/interop/lib/views-kv.js) for a whole test class, started on first use.</summary>
public sealed class ViewsJsFixture : IAsyncDisposable
{
    private readonly Lazy<JsScriptHost> _host = new(() => JsScriptHost.Start("lib/views-kv.js"));

    public Task<JsonElement> RequestAsync(JsonObject request) => _host.Value.RequestAsync(request);

    /// <summary>unordered-materialized-kv's answer for <paramref name="keys"/> after <paramref name="batches"/>, as it returned it.</summary>
    public async Task<JsKv> KvAsync(IEnumerable<IEnumerable<KvRow>> batches, IEnumerable<string> keys)
    {
        var answer = await RequestAsync(new JsonObject
        {
            ["op"] = "kv",
            ["batches"] = new JsonArray([.. batches.Select(b => (JsonNode)new JsonArray([.. b.Select(r => (JsonNode)KvTestRows.ToJson(r))]))]),
            ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]),
        });
        var heads = new Dictionary<string, List<string>?>();
        foreach (var p in answer.GetProperty("heads").EnumerateObject())
            heads[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : [.. p.Value.EnumerateArray().Select(x => x.GetString()!)];
        var errors = answer.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var batchErrors = answer.GetProperty("batchErrors").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetString()!)).ToList();
        return new JsKv(heads, errors, batchErrors);
    }

    /// <summary>unordered-materialized-backrefs' answer for <paramref name="ids"/> after <paramref name="batches"/> of raw JSON rows, as it returned it.</summary>
    public async Task<JsBackRefs> BackRefsAsync(IEnumerable<IEnumerable<JsonObject>> batches, IReadOnlyList<string> ids)
    {
        var answer = await RequestAsync(new JsonObject
        {
            ["op"] = "backrefs",
            ["batches"] = new JsonArray([.. batches.Select(b => (JsonNode)new JsonArray([.. b.Select(r => (JsonNode)r.DeepClone())]))]),
            ["ids"] = new JsonArray([.. ids.Select(k => (JsonNode)k)]),
        });
        var refs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var i = 0;
        foreach (var list in answer.GetProperty("refs").EnumerateArray()) refs[ids[i++]] = [.. list.EnumerateArray().Select(x => x.GetString()!)];
        var batchErrors = answer.GetProperty("batchErrors").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetString()!)).ToList();
        return new JsBackRefs(refs, batchErrors);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host.IsValueCreated) await _host.Value.DisposeAsync();
    }
}

/// <summary>What unordered-materialized-kv returned: heads per key (null when get failed), get errors, failed batches.</summary>
public sealed record JsKv(Dictionary<string, List<string>?> Heads, Dictionary<string, string> Errors, List<(int Batch, string Message)> BatchErrors);

/// <summary>What unordered-materialized-backrefs returned: referrers per requested id (its order), and failed batches.</summary>
public sealed record JsBackRefs(Dictionary<string, List<string>> Refs, List<(int Batch, string Message)> BatchErrors);

using System.Text.Json;
using System.Text.Json.Nodes;
using Kappa.Core;
using Kappa.Hypercore.Crypto;
using Kappa.TestSupport;
using Kappa.Views.BackRefs;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.BackRefs;

/// <summary>Rows as JSON entries with explicit ids, so tests control ids, batches and arrival order.</summary>
internal static class BackRefTestRows
{
    private static readonly FeedKey Carrier = new(new byte[32]);

    /// <summary>
    /// A map for entries that are <c>{id, refs, links}</c> objects (what the parity driver feeds
    /// unordered-materialized-backrefs): string items of array fields count, anything else is ignored.
    /// </summary>
    public static void Explicit(KappaEntry entry, ICollection<BackRefRow> rows)
    {
        using var doc = JsonDocument.Parse(entry.Data);
        var o = doc.RootElement;
        if (!o.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String) return;
        rows.Add(new BackRefRow(id.GetString()!, Strings(o, "refs"), Strings(o, "links")));
    }

    private static List<string>? Strings(JsonElement o, string name) =>
        o.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
            ? [.. a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : null;

    public static JsonObject ToJson(BackRefRow row)
    {
        var o = new JsonObject { ["id"] = row.Id };
        if (row.Refs is not null) o["refs"] = new JsonArray([.. row.Refs.Select(x => (JsonNode?)x)]);
        if (row.Links is not null) o["links"] = new JsonArray([.. row.Links.Select(x => (JsonNode?)x)]);
        return o;
    }

    public static async Task IndexAsync(BackRefsView view, IEnumerable<IEnumerable<BackRefRow>> batches) =>
        await IndexJsonAsync(view, batches.Select(b => b.Select(ToJson)));

    /// <summary>Indexes raw JSON rows (also malformed ones), one view batch per inner sequence.</summary>
    public static async Task IndexJsonAsync(BackRefsView view, IEnumerable<IEnumerable<JsonObject>> batches)
    {
        foreach (var batch in batches)
            await ViewDriver.IndexAsync(view, [.. batch.Select((r, i) => ViewDriver.Entry(Carrier, i, JsonSerializer.SerializeToUtf8Bytes(r)))]);
    }

    /// <summary>The rule, written the obvious way: ids of rows referencing X that no row links to, sorted.</summary>
    public static Dictionary<string, List<string>> Model(IEnumerable<BackRefRow> rows)
    {
        var all = rows.Where(r => r.IsValid).ToList();
        var linked = all.SelectMany(r => r.Links ?? []).Where(x => !string.IsNullOrEmpty(x)).ToHashSet(StringComparer.Ordinal);
        return all.Where(r => !linked.Contains(r.Id))
            .SelectMany(r => (r.Refs ?? []).Where(x => !string.IsNullOrEmpty(x)).Select(x => (Ref: x, r.Id)))
            .GroupBy(p => p.Ref, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Id).Distinct(StringComparer.Ordinal).Order(KvIdOrder.Instance).ToList(), StringComparer.Ordinal);
    }
}

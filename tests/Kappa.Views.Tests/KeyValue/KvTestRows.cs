using System.Text.Json;
using System.Text.Json.Nodes;
using Kappa.Core;
using Kappa.Hypercore.Crypto;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>Rows as JSON entries with explicit ids, so tests control ids, batches and arrival order.</summary>
internal static class KvTestRows
{
    private static readonly FeedKey Carrier = new(new byte[32]);

    /// <summary>A map for entries that are <c>{key, id, links}</c> objects (as the parity scripts feed unordered-materialized-kv).</summary>
    public static void Explicit(KappaEntry entry, ICollection<KvRow> rows)
    {
        using var doc = JsonDocument.Parse(entry.Data);
        var o = doc.RootElement;
        var links = o.TryGetProperty("links", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : null;
        rows.Add(new KvRow(o.GetProperty("key").GetString()!, o.GetProperty("id").GetString()!, links));
    }

    public static JsonObject ToJson(KvRow row) => new()
    {
        ["key"] = row.Key,
        ["id"] = row.Id,
        ["links"] = new JsonArray([.. (row.Links ?? []).Select(x => (JsonNode?)x)]),
    };

    public static KappaEntry[] Entries(IEnumerable<KvRow> rows) =>
        [.. rows.Select((r, i) => ViewDriver.Entry(Carrier, i, JsonSerializer.SerializeToUtf8Bytes(ToJson(r))))];

    public static async Task IndexAsync(KvView view, IEnumerable<IEnumerable<KvRow>> batches)
    {
        foreach (var batch in batches) await ViewDriver.IndexAsync(view, Entries(batch));
    }

    /// <summary>The rule, written the obvious way: ids of the key's rows that no row links to, sorted.</summary>
    public static Dictionary<string, List<string>> Model(IEnumerable<KvRow> rows)
    {
        var all = rows.Where(r => r.IsValid).ToList();
        var linked = all.SelectMany(r => r.Links ?? []).Where(x => !string.IsNullOrEmpty(x)).ToHashSet(StringComparer.Ordinal);
        return all.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => g.Select(r => r.Id).Where(id => !linked.Contains(id)).Distinct(StringComparer.Ordinal).Order(KvIdOrder.Instance).ToList(),
            StringComparer.Ordinal);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Kappa.Core;
using Kappa.Hypercore.Crypto;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;
using Kappa.Views.Spatial;

namespace Kappa.Views.Tests.Spatial;

/// <summary>Rows as JSON entries with explicit ids, so tests control ids, batches and arrival order; and the rule written the obvious way.</summary>
internal static class SpatialTestRows
{
    private static readonly FeedKey Carrier = new(new byte[32]);

    /// <summary>A map for entries that are <c>{id, point, links}</c> objects (point null: a tombstone; a non-number coordinate reads as NaN).</summary>
    public static void Explicit(KappaEntry entry, ICollection<SpatialRow> rows)
    {
        using var doc = JsonDocument.Parse(entry.Data);
        var o = doc.RootElement;
        var links = o.TryGetProperty("links", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : null;
        var point = o.TryGetProperty("point", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(Coordinate).ToList()
            : null;
        rows.Add(new SpatialRow(o.GetProperty("id").GetString()!, point, links));
    }

    private static readonly JsonSerializerOptions Named = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A number, or "NaN"/"Infinity"/"-Infinity" as written by <see cref="Named"/>; anything else NaN.</summary>
    private static double Coordinate(JsonElement x) =>
        x.ValueKind == JsonValueKind.Number ? x.GetDouble()
        : x.ValueKind == JsonValueKind.String && double.TryParse(x.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
        : double.NaN;

    public static JsonObject ToJson(SpatialRow row) => new()
    {
        ["id"] = row.Id,
        ["point"] = row.Point is null ? null : new JsonArray([.. row.Point.Select(x => (JsonNode?)x)]),
        ["links"] = new JsonArray([.. (row.Links ?? []).Select(x => (JsonNode?)x)]),
    };

    public static KappaEntry[] Entries(IEnumerable<SpatialRow> rows) =>
        [.. rows.Select((r, i) => ViewDriver.Entry(Carrier, i, JsonSerializer.SerializeToUtf8Bytes(ToJson(r), Named)))];

    public static async Task IndexAsync(SpatialView view, IEnumerable<IEnumerable<SpatialRow>> batches)
    {
        foreach (var batch in batches) await ViewDriver.IndexAsync(view, Entries(batch));
    }

    /// <summary>The current points: (id, point) of every valid row with a point whose id no valid row links, distinct.</summary>
    public static List<(string Id, double[] Point)> Current(IEnumerable<SpatialRow> rows, int dims)
    {
        var valid = rows.Where(r => r.IsValidFor(dims)).ToList();
        var linked = valid.SelectMany(r => r.Links ?? []).Where(x => !string.IsNullOrEmpty(x)).ToHashSet(StringComparer.Ordinal);
        return [.. valid.Where(r => r.Point is not null && !linked.Contains(r.Id))
            .Select(r => (r.Id, Point: r.Point!.Select(c => c == 0 ? 0.0 : c).ToArray()))
            .DistinctBy(p => (p.Id, string.Join(",", p.Point.Select(c => BitConverter.DoubleToInt64Bits(c)))))];
    }

    /// <summary>The model's answer to a box, in the view's documented order (Z-order key, then id bytes).</summary>
    public static List<string> Query(List<(string Id, double[] Point)> current, SpatialBox box) =>
        [.. current.Where(p => box.Contains(p.Point))
            .OrderBy(p => ZOrder.Key([.. p.Point.Select(ZOrder.Encode)]), ZOrderTests.ByteComparer.Instance)
            .ThenBy(p => KvIdCodec.Encode(p.Id), ZOrderTests.ByteComparer.Instance)
            .Select(Show)];

    public static string Show((string Id, double[] Point) p) => $"{p.Id}({string.Join(",", p.Point.Select(c => c.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))})";

    public static async Task<List<string>> QueryAsync(SpatialView view, SpatialBox box) =>
        await view.QueryAsync(box).Select(p => Show((p.Id, [.. p.Coordinates]))).ToListAsync();
}

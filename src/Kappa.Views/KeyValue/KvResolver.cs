using System.Text.Json;

namespace Kappa.Views.KeyValue;

/// <summary>
/// Read-time fork resolution, as apps do it (Mapeo/kappa-osm: the head with the greatest
/// <c>timestamp</c>, ties to the greater version id; <c>forks: true</c> shows every head).
/// Deterministic: every peer with the same heads picks the same one.
/// </summary>
public static class KvResolver
{
    /// <summary>
    /// The available head whose JSON value has the greatest number at <paramref name="field"/>
    /// (a dotted path); heads without that number rank below all that have one; ties go to the
    /// greater id (<see cref="KvIdOrder"/>). Null when no head is available here.
    /// </summary>
    public static KvHead? Latest(IEnumerable<KvHead> heads, string field = "timestamp")
    {
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentException.ThrowIfNullOrEmpty(field);
        var path = field.Split('.');
        KvHead? best = null;
        double? bestValue = null;
        foreach (var head in heads)
        {
            if (head.IsMissing) continue;
            var value = Number(head.Value, path);
            if (best is null || Compare(value, bestValue) > 0 || (Compare(value, bestValue) == 0 && KvIdOrder.Instance.Compare(head.Id, best.Id) > 0))
            {
                best = head;
                bestValue = value;
            }
        }
        return best;
    }

    /// <summary>Every available head, in head order ("all forks"); missing ones are left out.</summary>
    public static IReadOnlyList<KvHead> Forks(IEnumerable<KvHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        return [.. heads.Where(h => !h.IsMissing)];
    }

    private static int Compare(double? a, double? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        var (x, y) => x.Value.CompareTo(y.Value),
    };

    private static double? Number(JsonElement? value, string[] path)
    {
        if (value is not { } e) return null;
        foreach (var part in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e)) return null;
        return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) ? d : null;
    }
}

using System.Text.Json;
using Kappa.Core;

namespace Kappa.Views.List;

/// <summary>Ready-made list maps over JSON entries.</summary>
public static class ListMaps
{
    /// <summary>
    /// Lists every JSON object entry that has a number or a string at <paramref name="sortPath"/>,
    /// by that value; with <paramref name="partitionPath"/>, only entries that also have a string
    /// there, partitioned by it. Other entries (not JSON, not objects, value missing or of another
    /// type) are not listed.
    /// </summary>
    public static Func<KappaEntry, ListKey?> ByPath(string sortPath, string? partitionPath = null)
    {
        var sort = JsonPath.Parse(sortPath);
        var partition = partitionPath is null ? null : JsonPath.Parse(partitionPath);
        return entry =>
        {
            if (!TryParse(entry.Data, out var doc)) return null;
            using (doc)
            try
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !sort.TryGet(root, out var s)) return null;
                if (s.ValueKind is not (JsonValueKind.Number or JsonValueKind.String) || !SortValue.TryFromJson(s, out var value)) return null;
                string? p = null;
                if (partition is not null)
                {
                    if (!partition.TryGet(root, out var pe) || pe.ValueKind != JsonValueKind.String) return null;
                    p = pe.GetString();
                }
                return new ListKey(p, value);
            }
            // A string that is not valid UTF-8, or a lone surrogate escape: GetString throws; a peer's
            // entry like that is not listed (it must never fault the view).
            catch (InvalidOperationException) { return null; }
        };
    }

    /// <summary>Parses a block as JSON; false for anything that is not JSON (a list never faults on bad data).</summary>
    internal static bool TryParse(ReadOnlyMemory<byte> data, out JsonDocument doc)
    {
        try
        {
            doc = JsonDocument.Parse(data);
            return true;
        }
        catch (JsonException)
        {
            doc = null!;
            return false;
        }
    }
}

using System.Text.Json;
using Kappa.Core;

namespace Kappa.Views.Spatial;

/// <summary>Ready-made map functions for <see cref="SpatialView"/>.</summary>
public static class SpatialRows
{
    /// <summary>
    /// An entry that is a JSON object with a <c>point</c> array of numbers is the row
    /// <c>{id: "&lt;feed hex&gt;@&lt;seq&gt;", point, links}</c>; with <c>"deleted": true</c> it is a
    /// tombstone (its point, if any, is ignored). <c>links</c> keeps the items of the entry's
    /// <c>links</c> array that are entry ids (as <see cref="KeyValue.KvRows.KeyField"/>). Anything
    /// else — no point, a point item that is not a number, bytes that are not JSON — is not a row.
    /// The view then checks the point's dimension. Reads with <see cref="Utf8JsonReader"/>.
    /// </summary>
    public static void PointField(KappaEntry entry, ICollection<SpatialRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (TryRead(entry.Data.Span, out var point, out var deleted, out var links))
            rows.Add(new SpatialRow(EntryId.Of(entry).ToString(), deleted ? null : point, links));
    }

    private static bool TryRead(ReadOnlySpan<byte> json, out List<double>? point, out bool deleted, out List<string>? links)
    {
        point = null;
        deleted = false;
        links = null;
        var malformed = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // JSON allows a repeated name; like JSON.parse, the last one wins.
                if (reader.ValueTextEquals("point"u8))
                {
                    reader.Read();
                    point = reader.TokenType == JsonTokenType.StartArray ? ReadNumbers(ref reader, out malformed) : null;
                    if (reader.TokenType is JsonTokenType.StartObject) reader.Skip();
                }
                else if (reader.ValueTextEquals("deleted"u8))
                {
                    reader.Read();
                    deleted = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("links"u8))
                {
                    reader.Read();
                    links = reader.TokenType == JsonTokenType.StartArray ? JsonStringArray.Read(ref reader, entryIdsOnly: true) : null;
                    if (reader.TokenType is JsonTokenType.StartObject) reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        // A string that is not valid UTF-8, or a lone surrogate escape, throws InvalidOperationException
        // from GetString: a peer's entry like that is not a row (it must never fault the view).
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return false; }
        return deleted || (point is not null && !malformed);
    }

    private static List<double> ReadNumbers(ref Utf8JsonReader reader, out bool malformed)
    {
        var numbers = new List<double>(2);
        malformed = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value)) numbers.Add(value);
            else
            {
                malformed = true;
                reader.Skip();
            }
        }
        return numbers;
    }
}

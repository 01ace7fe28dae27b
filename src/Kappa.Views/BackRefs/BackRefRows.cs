using System.Text.Json;
using Kappa.Core;

namespace Kappa.Views.BackRefs;

/// <summary>Ready-made map functions for <see cref="BackRefsView"/>.</summary>
public static class BackRefRows
{
    /// <summary>
    /// kappa-osm's convention: an entry that is a JSON object is the row <c>{id: "&lt;feed hex&gt;@&lt;seq&gt;",
    /// refs, links}</c>, where <c>refs</c> keeps the string items of the entry's <c>refs</c> array
    /// (any id: a node's document id, another entry's id) and <c>links</c> keeps the items of its
    /// <c>links</c> array that are entry ids; anything else in either is ignored (absent → none).
    /// An object without <c>refs</c> (a tombstone) is still a row: it supersedes what it links.
    /// Any other entry (another JSON value, bytes that are not JSON) is not a row.
    /// </summary>
    public static void RefsField(KappaEntry entry, ICollection<BackRefRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (TryRead(entry.Data.Span, out var refs, out var links))
            rows.Add(new BackRefRow(EntryId.Of(entry).ToString(), refs, links));
    }

    private static bool TryRead(ReadOnlySpan<byte> json, out List<string>? refs, out List<string>? links)
    {
        refs = null;
        links = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // JSON allows a repeated name; like JSON.parse, the last one wins.
                var isRefs = reader.ValueTextEquals("refs"u8);
                var isLinks = !isRefs && reader.ValueTextEquals("links"u8);
                reader.Read();
                if ((isRefs || isLinks) && reader.TokenType == JsonTokenType.StartArray)
                {
                    var items = JsonStringArray.Read(ref reader, entryIdsOnly: isLinks);
                    if (isRefs) refs = items;
                    else links = items;
                }
                else
                {
                    if (isRefs) refs = null;
                    if (isLinks) links = null;
                    reader.Skip();
                }
            }
            return reader.TokenType == JsonTokenType.EndObject && reader.Read() is false;
        }
        // A string that is not valid UTF-8, or a lone surrogate escape, throws InvalidOperationException
        // from GetString: a peer's entry like that is not a row (it must never fault the view).
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return false; }
    }
}

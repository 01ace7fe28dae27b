using System.Text.Json;

namespace Kappa.Views;

/// <summary>Reads the string items of a JSON array the ready-made maps take from a peer's entry (<c>links</c>, <c>refs</c>).</summary>
internal static class JsonStringArray
{
    /// <summary>
    /// With the reader on a StartArray: the array's non-empty strings (only those that are entry ids
    /// when <paramref name="entryIdsOnly"/>); other items are skipped, as the JS modules ignore them.
    /// </summary>
    public static List<string> Read(ref Utf8JsonReader reader, bool entryIdsOnly)
    {
        var items = new List<string>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var item = reader.GetString();
                if (!string.IsNullOrEmpty(item) && (!entryIdsOnly || EntryId.TryParse(item, out _))) items.Add(item);
            }
            else reader.Skip();
        }
        return items;
    }
}

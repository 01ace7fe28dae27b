using System.Text.Json;
using System.Text.Unicode;
using Kappa.Core;

namespace Kappa.Views.KeyValue;

/// <summary>Ready-made map functions for <see cref="KvView"/>.</summary>
public static class KvRows
{
    /// <summary>
    /// The convention of <c>kappa kv get</c> (and kappa-osm-style documents): an entry that is a
    /// JSON object with a string field <c>key</c> is the row <c>{key, id: "&lt;feed hex&gt;@&lt;seq&gt;",
    /// links}</c>, where <c>links</c> keeps the items of the entry's <c>links</c> array that are
    /// entry ids (anything else is ignored; absent → no links). Any other entry — another JSON
    /// value, a non-string <c>key</c>, bytes that are not JSON — is not a row (its links count for nothing).
    /// Reads the bytes with <see cref="Utf8JsonReader"/>: no document is built per entry.
    /// </summary>
    public static void KeyField(KappaEntry entry, ICollection<KvRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        List<byte[]>? links = null;
        if (TryRead(entry.Data.Span, ref links, out var key))
            rows.Add(new KvRow(key, EntryId.Of(entry).ToString(), links?.ConvertAll(id => KvIdCodec.Decode(id))));
    }

    /// <summary><see cref="KeyField"/> with ids kept as <see cref="KvIdCodec"/> bytes: the view's own fast path (no id text is built or parsed).</summary>
    internal static void KeyFieldEncoded(in KappaEntry entry, List<KvEncodedRow> rows)
    {
        List<byte[]>? links = null;
        if (TryRead(entry.Data.Span, ref links, out var key))
            rows.Add(new KvEncodedRow(key, KvIdCodec.Encode(entry.Key, entry.Seq), links, Own: true));
    }

    private static bool TryRead(ReadOnlySpan<byte> json, ref List<byte[]>? links, out string key)
    {
        key = null!;
        string? found = null;
        var keyIsString = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    reader.Read();
                    keyIsString = reader.TokenType == JsonTokenType.String;
                    found = keyIsString ? reader.GetString() : null;
                    if (!keyIsString) reader.Skip();
                }
                else if (reader.ValueTextEquals("links"u8))
                {
                    reader.Read();
                    links = reader.TokenType == JsonTokenType.StartArray ? ReadLinks(ref reader) : null;
                    if (reader.TokenType is JsonTokenType.StartObject) reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // JSON allows a repeated name; like JSON.parse, the last one wins (handled above by overwriting).
        }
        // A string that is not valid UTF-8, or a lone surrogate escape, throws InvalidOperationException
        // from GetString: a peer's entry like that is not a row (it must never fault the view).
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return false; }
        if (!keyIsString || found is null) return false;
        key = found;
        return true;
    }

    /// <summary>The items of a <c>links</c> array that are entry ids, encoded; other items are ignored (as before, a string that is not valid UTF-8 makes the entry no row).</summary>
    private static List<byte[]> ReadLinks(ref Utf8JsonReader reader)
    {
        var items = new List<byte[]>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }
            byte[]? id;
            if (reader.ValueIsEscaped || reader.HasValueSequence)
                id = EntryId.TryParse(reader.GetString(), out var entry) ? KvIdCodec.Encode(entry) : null;
            else
            {
                id = KvIdCodec.TryEncodeEntry(reader.ValueSpan);
                if (id is null && !Utf8.IsValid(reader.ValueSpan)) throw new InvalidOperationException("A links item is not valid UTF-8.");
            }
            if (id is not null) items.Add(id);
        }
        return items;
    }
}

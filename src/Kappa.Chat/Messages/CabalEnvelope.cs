using System.Text.Json;

namespace Kappa.Chat.Messages;

/// <summary>
/// Reads the envelope every cabal entry has (<c>{type, content, timestamp}</c>, cabal.md).
/// Lenient like cabal-core: anything that is not JSON is <c>{}</c>, and a field of the wrong
/// kind is treated as missing; nothing here throws on peer data.
/// </summary>
internal readonly struct CabalEnvelope
{
    public string? Type { get; init; }
    public double? Timestamp { get; init; }
    public JsonElement Content { get; init; }

    public bool HasContent => Content.ValueKind == JsonValueKind.Object;

    public string? ContentString(string name) =>
        HasContent && Content.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Parses a block; false when it is not a JSON object (cabal reads it as <c>{}</c>, which no view uses).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> block, out CabalEnvelope envelope)
    {
        envelope = default;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(block); }
        catch (JsonException) { return false; }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            string? type = null;
            double? ts = null;
            var content = default(JsonElement);
            try
            {
                if (root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String) type = t.GetString();
                if (root.TryGetProperty("timestamp", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetDouble(out var d) && double.IsFinite(d)) ts = d;
                if (root.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Object) content = c.Clone();
            }
            catch (InvalidOperationException) { return false; } // strings that are not valid UTF-8
            envelope = new CabalEnvelope { Type = type, Timestamp = ts, Content = content };
            return true;
        }
    }

    /// <summary>A chat message as cabal-core's messages view accepts it (type chat/*, string channel and text, numeric timestamp), or null.</summary>
    public static ChatMessage? ToMessage(Kappa.Hypercore.Crypto.FeedKey feed, long seq, ReadOnlyMemory<byte> block)
    {
        if (!TryParse(block, out var e) || e.Type is not { } type || !type.StartsWith("chat/", StringComparison.Ordinal) || e.Timestamp is not { } ts || ts == 0) return null; // cabal-core: `if (!msg.value.timestamp) return []`
        try
        {
            if (e.ContentString("channel") is not { Length: > 0 } channel || e.ContentString("text") is not { } text) return null;
            return new ChatMessage(feed, seq, type, channel, text, ts);
        }
        catch (InvalidOperationException) { return null; }
    }
}

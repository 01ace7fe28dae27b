using System.Text.Json;

namespace Kappa.TestSupport;

/// <summary>One entry from <c>kappa-js.js dump</c>, its value kept as the JSON text node printed.</summary>
/// <param name="Key">Feed key, lower-case hex.</param>
/// <param name="Seq">Index in the feed.</param>
/// <param name="ValueJson">The value as JSON text (a hex string for --encoding binary).</param>
public sealed record JsEntry(string Key, long Seq, string ValueJson)
{
    /// <summary>The value parsed.</summary>
    public JsonElement Value
    {
        get
        {
            using var doc = JsonDocument.Parse(ValueJson);
            return doc.RootElement.Clone();
        }
    }
}

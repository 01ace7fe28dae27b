using System.Buffers;
using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Hypercore.Json;

namespace Kappa.Server.Api;

/// <summary>A block's value as JSON text, exactly as <c>kappa cat</c> prints it.</summary>
internal static class EntryValue
{
    /// <summary>Writes the value into <paramref name="output"/> (reset first); false when a json block is not valid JSON.</summary>
    public static bool TryWrite(ReadOnlySpan<byte> block, ValueEncoding encoding, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        return JsJson.TryWriteValue(block, encoding, output);
    }

    /// <summary>
    /// The value as a JSON element; null for an invalid json block, and for a value the API's JSON
    /// writer cannot write: nested deeper than 64 (System.Text.Json's limit; JS and <c>kappa cat</c>
    /// take up to 512) or holding a lone surrogate (JSON.stringify escapes it, UTF-8 cannot carry it).
    /// A peer's entry like that must never fail a whole page with a 500 (found by fuzzing).
    /// </summary>
    public static JsonElement ToElement(ReadOnlySpan<byte> block, ValueEncoding encoding)
    {
        var w = new ArrayBufferWriter<byte>(block.Length + 16);
        if (!TryWrite(block, encoding, w)) return Null;
        try
        {
            var element = JsonElement.Parse(w.WrittenSpan);
            // JsJson writes a lone surrogate as a \udXXX escape (paired ones as UTF-8): only then check it writes.
            if (w.WrittenSpan.IndexOf("\\ud"u8) >= 0) JsonSerializer.SerializeToUtf8Bytes(element);
            return element;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException) { return Null; }
    }

    private static JsonElement Null => JsonElement.Parse("null"u8);
}

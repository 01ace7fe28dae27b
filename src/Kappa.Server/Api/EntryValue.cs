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
        // By name, not instance: a cabal's encoding (no trailing newline) is JSON too.
        if (encoding == ValueEncoding.Json || encoding.Name == ValueEncoding.Json.Name)
        {
            try { JsJson.Normalize(block, output); return true; }
            catch (JsonException) { return false; }
        }
        if (encoding == ValueEncoding.Utf8) JsJson.WriteString(System.Text.Encoding.UTF8.GetString(block), output);
        else JsJson.WriteString(Convert.ToHexStringLower(block), output);
        return true;
    }

    /// <summary>The value as a JSON element (null for an invalid json block).</summary>
    public static JsonElement ToElement(ReadOnlySpan<byte> block, ValueEncoding encoding)
    {
        var w = new ArrayBufferWriter<byte>(block.Length + 16);
        return TryWrite(block, encoding, w) ? JsonElement.Parse(w.WrittenSpan) : JsonElement.Parse("null"u8);
    }
}

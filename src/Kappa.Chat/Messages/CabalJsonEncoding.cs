using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kappa.Hypercore;

namespace Kappa.Chat.Messages;

/// <summary>
/// cabal-core 13.2.0's value encoding (index.js <c>json</c> codec): a block is
/// <c>JSON.stringify(value)</c> — no trailing newline, unlike hypercore's <c>json</c> (ndjson) —
/// and a block that does not parse reads as <c>{}</c>. Name <c>json</c>: on the wire and on disk
/// only the bytes matter.
/// </summary>
public sealed class CabalJsonEncoding : ValueEncoding
{
    /// <summary>The one instance.</summary>
    public static readonly CabalJsonEncoding Instance = new();

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly byte[] Empty = "{}"u8.ToArray();

    private CabalJsonEncoding() { }

    /// <inheritdoc />
    public override string Name => "json";

    /// <inheritdoc />
    public override void Encode<T>(T value, IBufferWriter<byte> output)
    {
        if (value is JsonElement element)
        {
            Kappa.Hypercore.Json.JsJson.Normalize(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), output);
            return;
        }
        try
        {
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Options.Encoder });
            JsonSerializer.Serialize(writer, value, Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ChatException(ChatException.BadMessage, $"a {typeof(T).Name} cannot be written as JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override T Decode<T>(ReadOnlySpan<byte> block)
    {
        try { return JsonSerializer.Deserialize<T>(block, Options)!; }
        catch (JsonException) { return JsonSerializer.Deserialize<T>(Empty, Options)!; } // cabal-core: unparsable → {}
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kappa.Hypercore;

/// <summary>
/// How values become block bytes (hypercore's <c>valueEncoding</c> via codecs 2.2):
/// <see cref="Json"/> writes <c>JSON.stringify(value) + "\n"</c> as JS does, <see cref="Utf8"/>
/// writes a string's UTF-8 bytes, <see cref="Binary"/> stores bytes as they are. Stateless and
/// thread-safe.
/// </summary>
public abstract class ValueEncoding
{
    /// <summary>NDJSON: compact JSON plus a newline; non-ASCII written raw, as JSON.stringify does.</summary>
    public static readonly ValueEncoding Json = new JsonValueEncoding();

    /// <summary>UTF-8 text; values are strings.</summary>
    public static readonly ValueEncoding Utf8 = new Utf8ValueEncoding();

    /// <summary>Raw bytes; values are byte arrays or memory (strings are stored as UTF-8).</summary>
    public static readonly ValueEncoding Binary = new BinaryValueEncoding();

    /// <summary>The JS name: <c>json</c>, <c>utf-8</c> or <c>binary</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Encodes <paramref name="value"/> into <paramref name="output"/>.</summary>
    /// <exception cref="FeedException">The value cannot be represented in this encoding.</exception>
    public abstract void Encode<T>(T value, IBufferWriter<byte> output);

    /// <summary>Decodes one block.</summary>
    /// <exception cref="FeedException">The bytes are not a valid value of type <typeparamref name="T"/>.</exception>
    public abstract T Decode<T>(ReadOnlySpan<byte> block);

    /// <summary>Encodes into a new array.</summary>
    public byte[] Encode<T>(T value)
    {
        var w = new ArrayBufferWriter<byte>();
        Encode(value, w);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Finds an encoding by its JS name (<c>json</c>, <c>utf-8</c>/<c>utf8</c>, <c>binary</c>).</summary>
    public static ValueEncoding Parse(string name) => name.ToLowerInvariant() switch
    {
        "json" => Json,
        "utf-8" or "utf8" => Utf8,
        "binary" => Binary,
        _ => throw new ArgumentException($"Unknown value encoding \"{name}\" (use json, utf-8 or binary).", nameof(name)),
    };

    /// <inheritdoc />
    public override string ToString() => Name;

    private static FeedException Fail(string message, Exception? inner = null) =>
        new(FeedException.EncodingFailed, FeedException.UnknownFeed, null, message, inner);

    private sealed class JsonValueEncoding : ValueEncoding
    {
        /// <summary>JSON.stringify leaves non-ASCII unescaped; the relaxed encoder matches it for text.</summary>
        internal static readonly JsonSerializerOptions Options = new()
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };

        public override string Name => "json";

        public override void Encode<T>(T value, IBufferWriter<byte> output)
        {
            if (value is JsonElement element)
            {
                // JSON from elsewhere is written exactly as JSON.stringify(JSON.parse(text)) would.
                Kappa.Hypercore.Json.JsJson.Normalize(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), output);
                output.Write("\n"u8);
                return;
            }
            try
            {
                using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = Options.Encoder, SkipValidation = false }))
                    JsonSerializer.Serialize(writer, value, Options);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
            {
                throw Fail($"Value of type {typeof(T).Name} cannot be written as JSON: {e.Message}", e);
            }
            output.Write("\n"u8);
        }

        public override T Decode<T>(ReadOnlySpan<byte> block)
        {
            try { return JsonSerializer.Deserialize<T>(block, Options)!; }
            catch (JsonException e) { throw Fail($"Block is not valid JSON for {typeof(T).Name}: {e.Message}", e); }
        }
    }

    private sealed class Utf8ValueEncoding : ValueEncoding
    {
        public override string Name => "utf-8";

        public override void Encode<T>(T value, IBufferWriter<byte> output)
        {
            if (value is not string s) throw Fail($"utf-8 encoding stores strings, not {typeof(T).Name}.");
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
            output.Advance(Encoding.UTF8.GetBytes(s, span));
        }

        public override T Decode<T>(ReadOnlySpan<byte> block)
        {
            if (typeof(T) != typeof(string) && typeof(T) != typeof(object)) throw Fail($"utf-8 encoding decodes to string, not {typeof(T).Name}.");
            return (T)(object)Encoding.UTF8.GetString(block);
        }
    }

    private sealed class BinaryValueEncoding : ValueEncoding
    {
        public override string Name => "binary";

        public override void Encode<T>(T value, IBufferWriter<byte> output)
        {
            switch (value)
            {
                case byte[] b: output.Write(b); break;
                case ReadOnlyMemory<byte> m: output.Write(m.Span); break;
                case Memory<byte> m: output.Write(m.Span); break;
                case string s: Utf8.Encode(s, output); break;
                default: throw Fail($"binary encoding stores bytes, not {typeof(T).Name}.");
            }
        }

        public override T Decode<T>(ReadOnlySpan<byte> block)
        {
            if (typeof(T) == typeof(byte[]) || typeof(T) == typeof(object)) return (T)(object)block.ToArray();
            if (typeof(T) == typeof(ReadOnlyMemory<byte>)) return (T)(object)new ReadOnlyMemory<byte>(block.ToArray());
            if (typeof(T) == typeof(string)) return (T)(object)Encoding.UTF8.GetString(block);
            throw Fail($"binary encoding decodes to byte[], not {typeof(T).Name}.");
        }
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Kappa.Hypercore.Json;

/// <summary>
/// Rewrites JSON text exactly as JS <c>JSON.stringify(JSON.parse(text))</c> would (V8, Node 20):
/// compact, strings escaped only where ECMAScript requires (<c>"</c>, <c>\</c>, controls, lone
/// surrogates), numbers as JS doubles print (shortest round-trip, <c>1e+21</c>, <c>1e-7</c>,
/// <c>-0</c> → <c>0</c>, non-finite → <c>null</c>). Streaming over <see cref="Utf8JsonReader"/>:
/// no DOM. Known gap: duplicate object keys are kept (JS keeps only the last).
/// </summary>
public static class JsJson
{
    private static readonly JsonReaderOptions Strict = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 512 };

    /// <summary>Writes the normalised form of <paramref name="json"/> to <paramref name="output"/>.</summary>
    /// <exception cref="JsonException">Not exactly one valid JSON value.</exception>
    public static void Normalize(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(json, Strict);
        Span<bool> needComma = stackalloc bool[Strict.MaxDepth + 1];
        var depth = 0;
        var afterName = false;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                Put(output, token == JsonTokenType.EndObject ? (byte)'}' : (byte)']');
                depth--;
                continue;
            }
            if (!afterName && depth > 0)
            {
                if (needComma[depth]) Put(output, (byte)',');
                needComma[depth] = true;
            }
            afterName = false;
            switch (token)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    Put(output, token == JsonTokenType.StartObject ? (byte)'{' : (byte)'[');
                    needComma[++depth] = false;
                    break;
                case JsonTokenType.PropertyName:
                    WriteString(ref reader, output);
                    Put(output, (byte)':');
                    afterName = true;
                    break;
                case JsonTokenType.String:
                    WriteString(ref reader, output);
                    break;
                case JsonTokenType.Number:
                    WriteNumber(reader.TryGetDouble(out var d) ? d : double.PositiveInfinity, output);
                    break;
                case JsonTokenType.True: output.Write("true"u8); break;
                case JsonTokenType.False: output.Write("false"u8); break;
                case JsonTokenType.Null: output.Write("null"u8); break;
                default: throw new JsonException($"Unexpected JSON token {token}.");
            }
        }
    }

    /// <summary>
    /// Writes a stored block as the JSON text of its value, the way <c>kappa cat</c> and the HTTP API
    /// show it: a block of an encoding named <c>json</c> (hypercore's, or a cabal's without the newline)
    /// normalised, a <c>utf-8</c> block as a string, any other as a lowercase hex string. False (and
    /// partial output) when a json block is not valid JSON.
    /// </summary>
    public static bool TryWriteValue(ReadOnlySpan<byte> block, ValueEncoding encoding, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        // By name, not instance: every json codec stores JSON text; only the framing differs.
        if (encoding.Name == ValueEncoding.Json.Name)
        {
            try { Normalize(block, output); return true; }
            catch (JsonException) { return false; }
        }
        if (encoding == ValueEncoding.Utf8) WriteString(Encoding.UTF8.GetString(block), output);
        else WriteString(Convert.ToHexStringLower(block), output);
        return true;
    }

    /// <summary>The normalised form as a string.</summary>
    public static string Normalize(string json)
    {
        var w = new ArrayBufferWriter<byte>();
        Normalize(Encoding.UTF8.GetBytes(json), w);
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }

    /// <summary>True when <paramref name="text"/> is exactly one valid JSON value.</summary>
    public static bool IsJson(ReadOnlySpan<byte> text)
    {
        try
        {
            var reader = new Utf8JsonReader(text, Strict);
            while (reader.Read()) { }
            return reader.BytesConsumed > 0;
        }
        catch (JsonException) { return false; }
    }

    /// <summary>Writes <paramref name="s"/> as a JSON string literal the way JSON.stringify does.</summary>
    public static void WriteString(ReadOnlySpan<char> s, IBufferWriter<byte> output)
    {
        Put(output, (byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': output.Write("\\\""u8); continue;
                case '\\': output.Write("\\\\"u8); continue;
                case '\b': output.Write("\\b"u8); continue;
                case '\f': output.Write("\\f"u8); continue;
                case '\n': output.Write("\\n"u8); continue;
                case '\r': output.Write("\\r"u8); continue;
                case '\t': output.Write("\\t"u8); continue;
            }
            if (c < 0x20 || (char.IsSurrogate(c) && !IsPairAt(s, i)))
            {
                WriteEscape(c, output);
                continue;
            }
            if (char.IsHighSurrogate(c))
            {
                var n = new Rune(c, s[++i]).EncodeToUtf8(utf8);
                output.Write(utf8[..n]);
                continue;
            }
            if (c < 0x80) Put(output, (byte)c);
            else output.Write(utf8[..new Rune(c).EncodeToUtf8(utf8)]);
        }
        Put(output, (byte)'"');
    }

    private static void WriteString(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            // Raw text needs no JS escaping unless it has a character JSON.stringify escapes.
            var raw = reader.ValueSpan;
            if (raw.IndexOfAny((byte)'"', (byte)'\\') < 0 && !ContainsControl(raw))
            {
                Put(output, (byte)'"');
                output.Write(raw);
                Put(output, (byte)'"');
                return;
            }
        }
        // Unescape by hand: System.Text.Json refuses lone-surrogate escapes that JSON.parse accepts.
        var escaped = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(escaped.Length, 16));
        try
        {
            var n = Unescape(escaped, buffer);
            WriteString(buffer.AsSpan(0, n), output);
        }
        finally { ArrayPool<char>.Shared.Return(buffer); }
    }

    /// <summary>JSON string body (validated by the reader) to UTF-16, keeping lone surrogates.</summary>
    private static int Unescape(ReadOnlySpan<byte> raw, Span<char> destination)
    {
        var n = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var next = raw[i..].IndexOf((byte)'\\');
            var plain = next < 0 ? raw[i..] : raw.Slice(i, next);
            n += Encoding.UTF8.GetChars(plain, destination[n..]);
            if (next < 0) break;
            i += next + 1;
            var c = raw[i++];
            destination[n++] = c switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                (byte)'u' => (char)int.Parse(Encoding.ASCII.GetString(raw.Slice(i, 4)), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture),
                _ => (char)c,
            };
            if (c == (byte)'u') i += 4;
        }
        return n;
    }

    private static bool ContainsControl(ReadOnlySpan<byte> raw)
    {
        foreach (var b in raw) if (b < 0x20) return true;
        return false;
    }

    private static bool IsPairAt(ReadOnlySpan<char> s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) : i > 0 && char.IsHighSurrogate(s[i - 1]);

    private static void WriteEscape(char c, IBufferWriter<byte> output)
    {
        Span<byte> e = stackalloc byte[6];
        "\\u"u8.CopyTo(e);
        const string hex = "0123456789abcdef";
        e[2] = (byte)hex[c >> 12];
        e[3] = (byte)hex[(c >> 8) & 15];
        e[4] = (byte)hex[(c >> 4) & 15];
        e[5] = (byte)hex[c & 15];
        output.Write(e);
    }

    /// <summary>Writes a double as JS <c>Number.prototype.toString()</c> inside JSON (non-finite → null).</summary>
    public static void WriteNumber(double value, IBufferWriter<byte> output)
    {
        if (!double.IsFinite(value)) { output.Write("null"u8); return; }
        Span<char> chars = stackalloc char[32];
        var n = JsNumber.Format(value, chars);
        var span = output.GetSpan(n);
        for (var i = 0; i < n; i++) span[i] = (byte)chars[i];
        output.Advance(n);
    }

    private static void Put(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }
}

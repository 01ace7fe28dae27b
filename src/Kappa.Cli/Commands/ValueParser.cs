using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Kappa.Hypercore;
using Kappa.Hypercore.Json;

namespace Kappa.Cli.Commands;

/// <summary>
/// Turns command-line text into a block: with JSON encoding the text is parsed as JSON and
/// written as JSON.stringify would; a bare word that is not JSON (<c>hello</c>) becomes a JSON
/// string. Text that opens an object, array or string but does not parse, or is not UTF-8, is
/// refused (<see cref="BadValueException"/>) rather than stored as something else. With utf-8 or
/// binary the text's bytes are stored as they are.
/// </summary>
internal static class ValueParser
{
    // 15 digits stay below 2^53, so JSON.stringify(JSON.parse(text)) is the text itself.
    private const int MaxPlainIntegerDigits = 15;

    /// <summary>Adds one block for <paramref name="text"/>; on <see cref="BadValueException"/> the batch is left as it was.</summary>
    public static void AddBlock(EncodedBatch batch, ReadOnlySpan<byte> text, ValueEncoding encoding)
    {
        if (encoding != ValueEncoding.Json)
        {
            batch.AddBlock(text);
            return;
        }
        if (IsPlainInteger(text))
        {
            // Most of `seq 1 N | kappa append -`: no parse and no number formatting needed.
            var span = batch.GetSpan(text.Length + 1);
            text.CopyTo(span);
            span[text.Length] = (byte)'\n';
            batch.Advance(text.Length + 1);
            batch.EndBlock();
            return;
        }
        try { JsJson.Normalize(text, batch); }
        catch (JsonException e)
        {
            batch.DiscardBlock();
            var trimmed = text.Trim(" \t"u8);
            if (trimmed.Length > 0 && trimmed[0] is (byte)'{' or (byte)'[' or (byte)'"')
                throw new BadValueException($"not valid JSON ({FirstSentence(e.Message)})");
            if (!Utf8.IsValid(text)) throw new BadValueException("not valid UTF-8: a JSON value is text");
            JsJson.WriteString(Encoding.UTF8.GetString(text), batch);
        }
        batch.GetSpan(1)[0] = (byte)'\n';
        batch.Advance(1);
        batch.EndBlock();
    }

    /// <summary>An integer JSON writes back unchanged: no sign but a minus, no leading zero, not -0.</summary>
    internal static bool IsPlainInteger(ReadOnlySpan<byte> text)
    {
        var digits = text.Length > 0 && text[0] == (byte)'-' ? text[1..] : text;
        if (digits.Length is 0 or > MaxPlainIntegerDigits) return false;
        if (digits[0] == (byte)'0' && (digits.Length > 1 || digits.Length != text.Length)) return false;
        foreach (var b in digits)
            if ((uint)(b - '0') > 9) return false;
        return true;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}

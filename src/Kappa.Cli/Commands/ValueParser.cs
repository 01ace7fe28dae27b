using System.Text;
using System.Text.Json;
using Kappa.Hypercore;
using Kappa.Hypercore.Json;

namespace Kappa.Cli.Commands;

/// <summary>
/// Turns command-line text into a block: with JSON encoding the text is parsed as JSON and
/// written as JSON.stringify would (anything that is not JSON becomes a JSON string); with
/// utf-8 or binary the text's UTF-8 bytes are stored as they are.
/// </summary>
internal static class ValueParser
{
    public static void AddBlock(EncodedBatch batch, ReadOnlySpan<byte> text, ValueEncoding encoding)
    {
        if (encoding != ValueEncoding.Json)
        {
            batch.AddBlock(text);
            return;
        }
        try { JsJson.Normalize(text, batch); }
        catch (JsonException)
        {
            batch.DiscardBlock();
            JsJson.WriteString(Encoding.UTF8.GetString(text), batch);
        }
        batch.GetSpan(1)[0] = (byte)'\n';
        batch.Advance(1);
        batch.EndBlock();
    }
}

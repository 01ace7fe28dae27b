using System.Text.Json;
using Kappa.Chat.Messages;
using Kappa.Core.Views;

namespace Kappa.Chat.Views;

public sealed partial class CabalStateView
{
    /// <summary>
    /// <c>flags/set|add|remove {id, channel, flags}</c> (cabal-core moderation view): the author's
    /// flags on target <c>id</c> in <c>channel</c> (<c>@</c>: the whole cabal). Whether they count is
    /// decided at read time by who the reader trusts (<see cref="ModerationAsync"/>).
    /// </summary>
    private static async ValueTask MapFlagsAsync(ViewTransaction tx, CabalEnvelope e, string type, string author, long seq, CancellationToken ct)
    {
        if (e.ContentString("id") is not { Length: 64 } target || !target.All(Uri.IsHexDigit)) return;
        var channel = e.ContentString("channel") is { Length: > 0 } c ? c : "@";
        if (!e.Content.TryGetProperty("flags", out var list) || list.ValueKind != JsonValueKind.Array) return;
        var given = list.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList();
        var key = Key(FlagTag, author + target.ToLowerInvariant() + channel);
        var current = new SortedSet<string>(StringComparer.Ordinal);
        if (type != "flags/set" && await tx.GetAsync(key, ct).ConfigureAwait(false) is { } old)
        {
            using var doc = JsonDocument.Parse(old);
            foreach (var f in doc.RootElement.GetProperty("flags").EnumerateArray()) current.Add(f.GetString()!);
        }
        if (type == "flags/remove") current.ExceptWith(given);
        else current.UnionWith(given);
        await PutIfNewerSeqAsync(tx, key, seq, w =>
        {
            w.WriteStartArray("flags");
            foreach (var f in current) w.WriteStringValue(f);
            w.WriteEndArray();
        }, ct).ConfigureAwait(false);
    }
}

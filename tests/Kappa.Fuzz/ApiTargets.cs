using System.Buffers;
using System.Text;
using System.Text.Json;
using Kappa.Chat;
using Kappa.Chat.Views;
using Kappa.Core;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Json;
using Kappa.Server.Api;
using Kappa.Views;
using Kappa.Views.BackRefs;
using Kappa.Views.KeyValue;
using Kappa.Views.List;
using Kappa.Views.Spatial;

namespace Kappa.Fuzz;

/// <summary>
/// What an HTTP client or a peer's entry reaches above the wire: request bodies, the cursors and
/// keys in query strings and command lines, and the view maps every replicated entry goes
/// through (a map that throws would fault the view for every reader: a peer's denial of service).
/// </summary>
public static class ApiTargets
{
    private static readonly FeedKey Feed = new(new byte[32]);
    private static readonly Func<KappaEntry, ListKey?> ByN = ListMaps.ByPath("n");
    private static readonly Func<KappaEntry, ListKey?> ByNested = ListMaps.ByPath("a.0.b", "ch");

    /// <summary>
    /// <c>POST /api/entries</c>: the body as the endpoint normalises it (a JsonException is its
    /// 400 answer), then the stored block as the GET endpoints turn it back into JSON and write it.
    /// </summary>
    public static void HttpBody(byte[] data)
    {
        var block = new ArrayBufferWriter<byte>(data.Length + 1);
        try { JsJson.Normalize(data, block); }
        catch (JsonException) { return; }
        block.Write("\n"u8);
        foreach (var encoding in new[] { ValueEncoding.Json, ValueEncoding.Utf8, ValueEncoding.Binary })
            JsonSerializer.Serialize(EntryValue.ToElement(block.WrittenSpan, encoding));
        // A peer's block need not be what we normalised: the raw bytes too.
        JsonSerializer.Serialize(EntryValue.ToElement(data, ValueEncoding.Json));
    }

    /// <summary>Cursors and keys as text (<c>?after=FEEDHEX@SEQ</c>, <c>/api/feeds/{key}</c>, <c>/api/kv/{key}</c>, <c>--gt VALUE</c>, cabal keys).</summary>
    public static void Keys(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data); // what ASP.NET Core hands an endpoint for a query value
        if (EntryId.TryParse(text, out var id) && EntryId.Parse(id.ToString()) != id) throw new InvalidOperationException($"entry id {id} does not round-trip");
        if (FeedKey.TryParse(text, out var key) && !FeedKey.TryParse(key.ToString(), out _)) throw new InvalidOperationException($"feed key {key} does not round-trip");
        _ = SortValue.Parse(text).ToString();
        _ = CabalKey.TryParse(text, out _);
        _ = KvLayout.HeadsKey(text);
        try { _ = JsonPath.Parse(text); }
        catch (FormatException) { } // documented: an empty segment
    }

    /// <summary>An entry a peer wrote, through every ready-made map (list, kv, backrefs, spatial, cabal, sum).</summary>
    public static void ViewMaps(byte[] data)
    {
        foreach (var encoding in new[] { ValueEncoding.Json, ValueEncoding.Utf8 })
        {
            var entry = new KappaEntry(Feed, 7, data, encoding);
            _ = ByN(entry);
            _ = ByNested(entry);
            KvRows.KeyField(entry, new List<KvRow>());
            BackRefRows.RefsField(entry, new List<BackRefRow>());
            SpatialRows.PointField(entry, new List<SpatialRow>());
            _ = CabalMaps.Messages(entry);
            _ = entry.TryGetNumber(out _);
        }
    }
}

using Kappa.Core;
using Kappa.Hypercore;

namespace Kappa.Views.KeyValue;

/// <summary>
/// Ids to log entries for the helper views (key/value heads, back-references): a block that is not
/// stored here is reported as missing, never waited for (kappa-view-kv's <c>get</c> hangs on it).
/// </summary>
internal static class KvEntryResolver
{
    public static async Task<IReadOnlyList<KvHead>> ResolveAsync(KappaCore core, IEnumerable<string> ids, CancellationToken ct)
    {
        var heads = new List<KvHead>();
        foreach (var id in ids)
        {
            if (!EntryId.TryParse(id, out var entry))
            {
                heads.Add(new KvHead(id, null, null));
                continue;
            }
            var feed = core.Feed(entry.Feed);
            ReadOnlyMemory<byte>? data = null;
            if (feed is not null && feed.Has(entry.Seq))
            {
                try { data = await feed.GetRawAsync(entry.Seq, wait: false, ct).ConfigureAwait(false); }
                catch (FeedException e) when (e.Code == FeedException.BlockMissing) { data = null; }
            }
            heads.Add(new KvHead(id, entry, data));
        }
        return heads;
    }
}

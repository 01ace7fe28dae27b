using Kappa.Core.Stores;

namespace Kappa.Views.KeyValue;

/// <summary>
/// In-memory hash sets over the committed view (32-bit hashes of encoded ids, about 20 bytes per
/// id): which ids may be linked, may have been indexed, may sit under several keys. A hash
/// collision or a batch that never committed only adds a "maybe" — the store is then read — so
/// the filters can never make the view wrong, only save reads. Rebuilt by one scan when the view
/// is first used in a process (JS unordered-materialized-kv read <c>l!&lt;id&gt;</c> for every row).
/// </summary>
internal sealed class KvFilters
{
    public HashSet<int> Linked { get; } = [];
    public HashSet<int> Indexed { get; } = [];
    public HashSet<int> MultiKey { get; } = [];
    public bool Loaded { get; private set; }

    public static int Hash(ReadOnlySpan<byte> id)
    {
        var h = new HashCode();
        h.AddBytes(id);
        return h.ToHashCode();
    }

    public async ValueTask LoadAsync(IViewStore data, CancellationToken ct)
    {
        Reset();
        Loaded = false; // a scan that fails halfway must not leave filters that say "no" wrongly
        await foreach (var (key, _) in data.ScanAsync(ScanRange.WithPrefix([KvLayout.LinkedTag]), ct).ConfigureAwait(false))
            Linked.Add(Hash(key.AsSpan(1)));
        byte[]? previous = null;
        await foreach (var (key, _) in data.ScanAsync(ScanRange.WithPrefix([KvLayout.IdKeyTag]), ct).ConfigureAwait(false))
        {
            var (id, _) = KvLayout.ReadIdKey(key.AsSpan(1));
            var hash = Hash(id);
            if (previous is not null && previous.AsSpan().SequenceEqual(id)) MultiKey.Add(hash); // pairs of one id are adjacent
            Indexed.Add(hash);
            previous = id;
        }
        Loaded = true;
    }

    /// <summary>The view was cleared: nothing is linked or indexed.</summary>
    public void Reset()
    {
        Linked.Clear();
        Indexed.Clear();
        MultiKey.Clear();
        Loaded = true;
    }
}

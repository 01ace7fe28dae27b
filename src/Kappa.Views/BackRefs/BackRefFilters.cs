using Kappa.Core.Stores;
using Kappa.Views.KeyValue;

namespace Kappa.Views.BackRefs;

/// <summary>
/// In-memory hash sets over the committed view (32-bit hashes of encoded ids): which ids may be
/// linked, which may have stored refs. A collision or a batch that never committed only adds a
/// "maybe" — the store is then read — so the filters can never make the view wrong, only save
/// reads (a new document costs no read at all). Rebuilt by one scan when the view is first used
/// in a process; reset when the view is cleared.
/// </summary>
internal sealed class BackRefFilters
{
    public HashSet<int> Linked { get; } = [];
    public HashSet<int> HasRefs { get; } = [];
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
        await foreach (var (key, _) in data.ScanAsync(ScanRange.WithPrefix([BackRefLayout.LinkedTag]), ct).ConfigureAwait(false))
            Linked.Add(Hash(key.AsSpan(1)));
        await foreach (var (key, _) in data.ScanAsync(ScanRange.WithPrefix([BackRefLayout.OriginTag]), ct).ConfigureAwait(false))
            HasRefs.Add(Hash(BackRefLayout.First(key)));
        Loaded = true;
    }

    /// <summary>The view was cleared: nothing is linked or referenced.</summary>
    public void Reset()
    {
        Linked.Clear();
        HasRefs.Clear();
        Loaded = true;
    }
}

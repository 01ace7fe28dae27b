using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Views.KeyValue;

namespace Kappa.Views.BackRefs;

/// <summary>
/// Back-references — unordered-materialized-backrefs 1.0 made exact. Rows <c>{id, refs, links}</c>
/// (from <see cref="BackRefMap"/>); the back-references of an id are the ids of the current
/// documents that reference it, where a document is current until any row links it. Linking is a
/// global fact: a link drops every reference the linked document made, and a document linked
/// before it arrives never counts, so any arrival order gives the same answer. Answers are sets
/// in <see cref="KvIdOrder"/> (the same on every peer), never duplicated; an unknown id has none.
/// Built on <see cref="KappaView"/>: rows and progress commit in one atomic write (exactly once
/// across a crash), a version bump rebuilds, a throwing map faults only this view.
/// Storage layout: <see cref="BackRefLayout"/>. Thread-safe for readers; one batch is mapped at a time.
/// </summary>
public sealed partial class BackRefsView : KappaView, IView, IView<BackRefsView>
{
    private readonly BackRefMap _map;
    private readonly GatedProgress _hook;
    private KappaCore? _core;
    private string _name = "backrefs";

    /// <summary>A back-references view over <paramref name="store"/> (RocksDB persists; memory rebuilds each run).</summary>
    /// <param name="store">Where references and progress live; one store (or prefixed store) per view.</param>
    /// <param name="map">Entry → rows; default <see cref="BackRefRows.RefsField"/>.</param>
    /// <param name="maxBatch">Entries per atomic batch.</param>
    public BackRefsView(IViewStore store, BackRefMap? map = null, int maxBatch = 1000) : base(store, maxBatch)
    {
        _map = map ?? BackRefRows.RefsField;
        _hook = new GatedProgress(this, PublishAsync, clearing: () => _touched = new HashSet<string>(StringComparer.Ordinal), cleared: () => _filters.Reset());
    }

    IViewProgress? IView.Progress => _hook;

    BackRefsView IView<BackRefsView>.CreateApi(KappaCore core, string name)
    {
        _core = core;
        _name = name;
        return this;
    }

    /// <summary>
    /// The ids of the current documents that reference <paramref name="id"/>, once this view
    /// indexed everything stored now, in <see cref="KvIdOrder"/> (empty for an unknown id).
    /// </summary>
    /// <exception cref="ViewException">The view is faulted or paused.</exception>
    public async Task<IReadOnlyList<string>> GetAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await ReadyAsync(ct).ConfigureAwait(false);
        return await ReadReferrersAsync(id, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="GetAsync"/> resolved to the referring entries, in the same order. A block that is
    /// not stored here is reported as missing (<see cref="KvHead.IsMissing"/>), never waited for.
    /// </summary>
    /// <exception cref="InvalidOperationException">The view is not installed on a core (<c>core.Use</c>).</exception>
    /// <exception cref="FeedException">A stored block fails verification.</exception>
    public async Task<IReadOnlyList<KvHead>> GetDocumentsAsync(string id, CancellationToken ct = default)
    {
        var core = _core ?? throw new InvalidOperationException("The view resolves entries only once installed on a core (core.Use).");
        var ids = await GetAsync(id, ct).ConfigureAwait(false);
        return await KvEntryResolver.ResolveAsync(core, ids, ct).ConfigureAwait(false);
    }

    private Task ReadyAsync(CancellationToken ct) => _core is null ? Task.CompletedTask : _core.ReadyAsync([_name], ct);

    private async Task<IReadOnlyList<string>> ReadReferrersAsync(string id, CancellationToken ct)
    {
        var referrers = new List<string>();
        var prefix = BackRefLayout.Pair(BackRefLayout.RefTag, KvIdCodec.Encode(id));
        await foreach (var (key, _) in Data.ScanAsync(ScanRange.WithPrefix(prefix), ct).ConfigureAwait(false))
            referrers.Add(KvIdCodec.Decode(BackRefLayout.Second(key)));
        return referrers;
    }
}

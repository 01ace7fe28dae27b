using System.Runtime.CompilerServices;
using System.Text;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;

namespace Kappa.Views.KeyValue;

/// <summary>
/// Key/value with forks — unordered-materialized-kv 1.3 / kappa-view-kv 2.0 made exact. Rows
/// <c>{key, id, links}</c> (from <see cref="KvMap"/>); the heads of a key are the ids of its rows
/// that no row links to. Linking is a global fact: a link removes the id from every key it was
/// indexed under, and an id linked before it arrives never becomes a head, so any arrival order
/// gives the same heads. Heads are sets in <see cref="KvIdOrder"/> — never duplicated, never "".
/// Built on <see cref="KappaView"/>: rows and progress commit in one atomic write (exactly once
/// across a crash), a version bump rebuilds, a throwing map faults only this view.
/// Storage layout: <see cref="KvLayout"/>. Thread-safe for readers; one batch is mapped at a time.
/// </summary>
public sealed partial class KvView : KappaView, IView, IView<KvView>
{
    private readonly KvMap? _map; // null: KvRows.KeyField, read straight into encoded ids
    private readonly GatedProgress _hook;
    private KappaCore? _core;
    private string _name = "kv";

    /// <summary>A key/value view over <paramref name="store"/> (RocksDB persists; memory rebuilds each run).</summary>
    /// <param name="store">Where heads and progress live; one store (or prefixed store) per view.</param>
    /// <param name="map">Entry → rows; default <see cref="KvRows.KeyField"/>.</param>
    /// <param name="maxBatch">Entries per atomic batch (more = fewer reads and writes per row).</param>
    public KvView(IViewStore store, KvMap? map = null, int maxBatch = 1000) : base(store, maxBatch)
    {
        _map = map is null || map == (KvMap)KvRows.KeyField ? null : map;
        _hook = new GatedProgress(this, clearing: ClearingTable, cleared: ClearedTable, sealing: Sealing);
    }

    IViewProgress? IView.Progress => _hook;

    KvView IView<KvView>.CreateApi(KappaCore core, string name)
    {
        _core = core;
        _name = name;
        return this;
    }

    /// <summary>The heads of <paramref name="key"/> once this view indexed everything stored now (empty for an unknown key).</summary>
    /// <exception cref="ViewException">The view is faulted or paused.</exception>
    public async Task<IReadOnlyList<string>> GetHeadsAsync(string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await ReadyAsync(ct).ConfigureAwait(false);
        return await ReadHeadsAsync(key, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The heads of <paramref name="key"/> resolved to their entries, in head order. A block that
    /// is not stored here is reported as missing (<see cref="KvHead.IsMissing"/>), never waited for.
    /// </summary>
    /// <exception cref="InvalidOperationException">The view is not installed on a core (<c>core.Use</c>).</exception>
    /// <exception cref="FeedException">A stored block fails verification.</exception>
    public async Task<IReadOnlyList<KvHead>> GetAsync(string key, CancellationToken ct = default)
    {
        var ids = await GetHeadsAsync(key, ct).ConfigureAwait(false);
        return await ResolveAsync(ids, ct).ConfigureAwait(false);
    }

    /// <summary>Resolves ids to entries from the core's feeds (missing blocks reported, not awaited).</summary>
    public async Task<IReadOnlyList<KvHead>> ResolveAsync(IEnumerable<string> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var core = _core ?? throw new InvalidOperationException("The view resolves entries only once installed on a core (core.Use).");
        return await KvEntryResolver.ResolveAsync(core, ids, ct).ConfigureAwait(false);
    }

    /// <summary>Every key with heads in [<paramref name="from"/>, <paramref name="to"/>) (ordinal by UTF-8; null = unbounded), in key order, from a snapshot.</summary>
    public async IAsyncEnumerable<KvChange> ReadAsync(string? from = null, string? to = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        await foreach (var change in ScanAsync(from, to, ct).ConfigureAwait(false)) yield return change;
    }

    private IAsyncEnumerable<KvChange> ScanAsync(string? from, string? to, CancellationToken ct)
    {
        var range = new ScanRange
        {
            Prefix = [KvLayout.HeadsTag],
            Start = from is null ? null : KvLayout.HeadsKey(from),
            End = to is null ? null : KvLayout.HeadsKey(to),
        };
        return Data.ScanAsync(range, ct).Select(kv => new KvChange(Encoding.UTF8.GetString(kv.Key.AsSpan(1)), Decode(kv.Value)));
    }

    private Task ReadyAsync(CancellationToken ct) => _core is null ? Task.CompletedTask : _core.ReadyAsync([_name], ct);

    private async Task<IReadOnlyList<string>> ReadHeadsAsync(string key, CancellationToken ct) =>
        Decode(await Data.GetAsync(KvLayout.HeadsKey(key), ct).ConfigureAwait(false));

    private static string[] Decode(byte[]? heads) =>
        heads is null ? [] : [.. KvLayout.ReadIds(heads).Select(id => KvIdCodec.Decode(id))];
}

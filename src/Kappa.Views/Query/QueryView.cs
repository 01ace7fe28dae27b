using System.Buffers;
using System.Text.Json;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Views.List;

namespace Kappa.Views.Query;

/// <summary>
/// Queries over JSON entries with declared indexes (kappa-view-query done right): a
/// <see cref="Query"/> of equalities and ranges with an optional sort is answered by scanning the
/// best eligible index (<see cref="Explain"/> shows the choice and why) and filtering the rest.
/// Falsy values are indexed; an entry missing an indexed path is not in that index; a missing
/// intermediate object is just a missing path. Exactly once across crashes (<see cref="KappaView"/>),
/// rebuilt on a version bump — bump it when the declared indexes change.
/// </summary>
/// <remarks>
/// Store layout (under KappaView's <c>!d!</c>; encodings in <see cref="KeyCodec"/>):
/// <c>a ‖ feed ‖ seq</c> → the entry's block (every JSON entry, once);
/// <c>x ‖ index name ‖ value₁ ‖ … ‖ valueₙ ‖ feed ‖ seq</c> → empty. Thread-safe.
/// </remarks>
public sealed partial class QueryView : KappaView, IView<QueryView>
{
    private const byte AllTag = (byte)'a';
    private const byte IndexTag = (byte)'x';
    private readonly QueryIndex[] _indexes;
    private readonly CommitGate _gate;
    private KappaCore? _core;
    private string _name = "query";
    private ValueEncoding _encoding = ValueEncoding.Json;
    private IReadOnlyList<KappaEntry>? _staged;

    /// <summary>A query view over <paramref name="store"/> (not disposed by the view) with <paramref name="indexes"/>.</summary>
    /// <exception cref="ArgumentException">Two indexes share a name.</exception>
    public QueryView(IViewStore store, IEnumerable<QueryIndex> indexes, int maxBatch = 100)
        : this(new CommitGate(store ?? throw new ArgumentNullException(nameof(store))), indexes, maxBatch) { }

    private QueryView(CommitGate gate, IEnumerable<QueryIndex> indexes, int maxBatch) : base(gate, maxBatch)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        _indexes = [.. indexes];
        if (_indexes.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count() != _indexes.Length)
            throw new ArgumentException("index names must be unique", nameof(indexes));
        _gate = gate;
        gate.Committed = Publish;
    }

    /// <summary>The declared indexes.</summary>
    public IReadOnlyList<QueryIndex> Indexes => _indexes;

    QueryView IView<QueryView>.CreateApi(KappaCore core, string name)
    {
        _core = core;
        _name = name;
        _encoding = core.Options.ValueEncoding;
        return this;
    }

    /// <summary>How <paramref name="query"/> would be answered (which index, why, what is filtered).</summary>
    /// <exception cref="ArgumentException">The query is malformed (a condition with no value and no bound, or both).</exception>
    public QueryPlan Explain(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryPlanner.Plan(_indexes, query);
    }

    /// <inheritdoc />
    protected override ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        _staged = null;
        var key = new ArrayBufferWriter<byte>(128);
        foreach (var entry in entries)
        {
            if (!ListMaps.TryParse(entry.Data, out var doc)) continue; // not JSON: not queryable, never a fault
            using (doc)
            {
                key.ResetWrittenCount();
                key.Write([AllTag]);
                KeyCodec.WriteId(key, entry.Key, entry.Seq);
                tx.Put(key.WrittenSpan, entry.Data.Span);
                foreach (var index in _indexes)
                {
                    key.ResetWrittenCount();
                    if (IndexKey(key, index, doc.RootElement)) 
                    {
                        KeyCodec.WriteId(key, entry.Key, entry.Seq);
                        tx.Put(key.WrittenSpan, []);
                    }
                }
            }
        }
        _staged = entries;
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes <c>x ‖ name ‖ values</c>; false when a path holds no scalar (the entry is not in this index).</summary>
    private static bool IndexKey(ArrayBufferWriter<byte> key, QueryIndex index, JsonElement root)
    {
        IndexPrefix(key, index);
        foreach (var path in index.Paths)
        {
            if (!path.TryGet(root, out var found) || !SortValue.TryFromJson(found, out var value)) return false;
            KeyCodec.WriteValue(key, value);
        }
        return true;
    }

    private static void IndexPrefix(ArrayBufferWriter<byte> key, QueryIndex index)
    {
        key.Write([IndexTag]);
        KeyCodec.WritePartition(key, index.Name);
    }

    private Task WaitAsync(CancellationToken ct) => _core is null ? Task.CompletedTask : _core.ReadyAsync([_name], ct);
}

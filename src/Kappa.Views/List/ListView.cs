using System.Buffers;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;

namespace Kappa.Views.List;

/// <summary>
/// A sorted list (kappa-view-list done right; Cabal's messages): a map puts each entry at a
/// <see cref="ListKey"/> — an optional partition and a typed sort value — and the list keeps
/// entries ordered by sort value, then feed key, then seq. Two entries with the same sort value
/// are both kept (kappa-view-list and cabal-core overwrote one); numbers sort as numbers
/// (kappa-view-list compared them as strings). Reads are ranges with exclusive cursors, forward
/// or reverse (<see cref="ReadAsync"/>), and live tails (<see cref="TailAsync"/>). Exactly once
/// across crashes (<see cref="KappaView"/>), rebuilt on a version bump, persistent on RocksDB.
/// </summary>
/// <remarks>
/// Store layout (under KappaView's <c>!d!</c>; encodings in <see cref="KeyCodec"/>):
/// <c>e ‖ partition ‖ sort ‖ feed ‖ seq</c> → the entry's block (a page is one range scan, no log
/// reads); <c>p ‖ partition ‖ feed ‖ seq</c> → sort (to turn an entry id into a cursor).
/// Thread-safe. A map that throws faults this view alone (kappa-core semantics).
/// </remarks>
public sealed partial class ListView : KappaView, IView<ListView>
{
    private const byte EntryTag = (byte)'e';
    private const byte PositionTag = (byte)'p';
    private readonly Func<KappaEntry, ListKey?> _map;
    private readonly CommitGate _gate;
    private KappaCore? _core;
    private string _name = "list";
    private ValueEncoding _encoding = ValueEncoding.Json;
    // The batch mapped but not yet committed: published to live tails when its commit lands.
    private (IReadOnlyList<KappaEntry> Entries, List<(int Index, ListKey Key)> Keys)? _staged;

    /// <summary>A list over <paramref name="store"/> (not disposed by the view) with <paramref name="map"/> placing entries (null: not listed).</summary>
    /// <param name="store">Where the list lives (one store or prefixed sub-store per view).</param>
    /// <param name="map">Where an entry goes; null leaves it out. Throwing faults the view.</param>
    /// <param name="maxBatch">Entries per map call.</param>
    public ListView(IViewStore store, Func<KappaEntry, ListKey?> map, int maxBatch = 100)
        : this(new CommitGate(store ?? throw new ArgumentNullException(nameof(store))), map, maxBatch) { }

    private ListView(CommitGate gate, Func<KappaEntry, ListKey?> map, int maxBatch) : base(gate, maxBatch)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map;
        _gate = gate;
        gate.Committed = Publish;
    }

    /// <summary>A list of JSON entries by the value at <paramref name="sortPath"/>, partitioned by the string at <paramref name="partitionPath"/> (see <see cref="ListMaps.ByPath"/>).</summary>
    public static ListView ByPath(IViewStore store, string sortPath, string? partitionPath = null, int maxBatch = 100) =>
        new(store, ListMaps.ByPath(sortPath, partitionPath), maxBatch);

    ListView IView<ListView>.CreateApi(KappaCore core, string name)
    {
        _core = core;
        _name = name;
        _encoding = core.Options.ValueEncoding;
        return this;
    }

    /// <inheritdoc />
    protected override ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        _staged = null;
        var keys = new List<(int, ListKey)>();
        var buffer = new ArrayBufferWriter<byte>(128);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (_map(entry) is not { } key) continue;
            buffer.ResetWrittenCount();
            EntryKey(buffer, key.Partition, key.Sort, entry.Key, entry.Seq);
            tx.Put(buffer.WrittenSpan, entry.Data.Span);
            buffer.ResetWrittenCount();
            buffer.Write([PositionTag]);
            KeyCodec.WritePartition(buffer, key.Partition);
            KeyCodec.WriteId(buffer, entry.Key, entry.Seq);
            var positionKey = buffer.WrittenSpan.ToArray();
            buffer.ResetWrittenCount();
            KeyCodec.WriteValue(buffer, key.Sort);
            tx.Put(positionKey, buffer.WrittenSpan);
            keys.Add((i, key));
        }
        _staged = (entries, keys);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until this view (only this one) has indexed everything stored now.</summary>
    private Task WaitAsync(CancellationToken ct) => _core is null ? Task.CompletedTask : _core.ReadyAsync([_name], ct);

    private static void EntryKey(ArrayBufferWriter<byte> output, string? partition, SortValue sort, Kappa.Hypercore.Crypto.FeedKey feed, long seq)
    {
        output.Write([EntryTag]);
        KeyCodec.WritePartition(output, partition);
        KeyCodec.WriteValue(output, sort);
        KeyCodec.WriteId(output, feed, seq);
    }
}

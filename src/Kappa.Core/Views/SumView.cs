using System.Buffers.Binary;
using Kappa.Core.Stores;

namespace Kappa.Core.Views;

/// <summary>
/// The seed README's example: the sum of every numeric entry of every feed. Kept in a view store
/// with exactly-once progress, so a restart resumes and never counts an entry twice. Entries that
/// are not JSON numbers are ignored (the seed's JS code, run as written, concatenated them as strings).
/// Its API is itself: <c>core.Api["sum"]</c> is this view.
/// </summary>
public sealed class SumView : KappaView, IView<SumView>
{
    /// <summary>The one key the view keeps: 16 bytes, the sum (double) then the count (int64), little-endian.</summary>
    internal static readonly byte[] SumKey = "sum"u8.ToArray();
    private KappaCore? _core;
    private string _name = "sum";

    /// <summary>A sum view over <paramref name="store"/> (a memory store rebuilds each run; RocksDB persists).</summary>
    public SumView(IViewStore store, int maxBatch = 100) : base(store, maxBatch) { }

    /// <summary>The sum once the view has indexed every entry stored now.</summary>
    public async Task<double> GetAsync(CancellationToken ct = default)
    {
        if (_core is not null) await _core.ReadyAsync([_name], ct).ConfigureAwait(false);
        return Decode(await Data.GetAsync(SumKey, ct).ConfigureAwait(false)).Sum;
    }

    /// <summary>How many numeric entries were summed.</summary>
    public async Task<long> CountAsync(CancellationToken ct = default) =>
        Decode(await Data.GetAsync(SumKey, ct).ConfigureAwait(false)).Count;

    SumView IView<SumView>.CreateApi(KappaCore core, string name)
    {
        _core = core;
        _name = name;
        return this;
    }

    /// <inheritdoc />
    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        var current = await tx.GetAsync(SumKey, ct).ConfigureAwait(false);
        tx.Put(SumKey, Add(current, entries));
    }

    /// <summary>The stored sum and count (<paramref name="current"/>, null = none) with the numeric entries added.</summary>
    internal static byte[] Add(byte[]? current, IReadOnlyList<KappaEntry> entries)
    {
        var (sum, count) = Decode(current);
        foreach (var entry in entries)
        {
            if (!entry.TryGetNumber(out var n)) continue;
            sum += n;
            count++;
        }
        var value = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(value, sum);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(8), count);
        return value;
    }

    /// <summary>The sum and count stored under <see cref="SumKey"/> (null or any other length = nothing summed yet).</summary>
    internal static (double Sum, long Count) Decode(byte[]? value) =>
        value is { Length: 16 } ? (BinaryPrimitives.ReadDoubleLittleEndian(value), BinaryPrimitives.ReadInt64LittleEndian(value.AsSpan(8))) : (0, 0);
}

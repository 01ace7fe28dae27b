using System.Buffers.Binary;
using System.Text;
using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.Core.Tests.Views;

/// <summary>A persistent view that counts how often each entry was applied (a count above 1 = applied twice).</summary>
internal sealed class CountingView(IViewStore store, int maxBatch = 10) : KappaView(store, maxBatch)
{
    public int MappedThisProcess { get; private set; }

    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        foreach (var e in entries)
        {
            var key = Encoding.ASCII.GetBytes($"n!{e.Key}@{e.Seq:D10}");
            var current = await tx.GetAsync(key, ct);
            var n = current is null ? 0 : BinaryPrimitives.ReadInt32LittleEndian(current);
            var value = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(value, n + 1);
            tx.Put(key, value);
        }
        MappedThisProcess += entries.Count;
    }

    public async Task<Dictionary<string, int>> CountsAsync()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var (k, v) in Data.ScanAsync(ScanRange.WithPrefix("n!"u8)))
            counts[Encoding.ASCII.GetString(k)] = BinaryPrimitives.ReadInt32LittleEndian(v);
        return counts;
    }
}

using Kappa.Core.Stores;

namespace Kappa.Views.Tests.Spatial;

/// <summary>A real view store, with a count of the rows its scans hand out (prefixed views share the count).</summary>
internal sealed class CountingViewStore(IViewStore inner, CountingViewStore.Counter? counter = null) : IViewStore
{
    public sealed class Counter
    {
        private long _rows;
        private long _scans;

        public long Rows => Interlocked.Read(ref _rows);
        public long Scans => Interlocked.Read(ref _scans);
        public void Row() => Interlocked.Increment(ref _rows);
        public void Scan() => Interlocked.Increment(ref _scans);

        public void Reset()
        {
            Interlocked.Exchange(ref _rows, 0);
            Interlocked.Exchange(ref _scans, 0);
        }
    }

    public Counter Count { get; } = counter ?? new Counter();

    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.GetAsync(key, ct);

    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default) => inner.PutAsync(key, value, ct);

    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);

    public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default) => inner.WriteAsync(batch, ct);

    public async IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        Count.Scan();
        await foreach (var row in inner.ScanAsync(range, ct))
        {
            Count.Row();
            yield return row;
        }
    }

    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default) => inner.DeleteRangeAsync(range, ct);

    public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => new CountingViewStore(inner.WithPrefix(prefix), Count);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the inner store belongs to the test
}

using System.Runtime.CompilerServices;
using Kappa.Core.Stores;

namespace Kappa.Core.Views;

/// <summary>
/// A view's data as the map of the next batch must read it while the previous batch is still being
/// written (see <see cref="IOverlappedProgress"/>): every read first waits until that write landed
/// (or failed), so it sees the previous batch's writes. Holding reads is the simplest rule that is
/// right for every view and every read, scans included; an overlay of the pending batch would have
/// to merge into ordered scans. A view that knows which keys the pending batch wrote may read other
/// keys from the store directly (the key/value view does, for heads). Does not own the store.
/// </summary>
internal sealed class PendingWriteReads(IViewStore inner, Func<Task> pending) : IViewStore
{
    public async ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default)
    {
        await LandedAsync(ct).ConfigureAwait(false);
        return await inner.GetAsync(key, ct).ConfigureAwait(false);
    }

    public async ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default)
    {
        await LandedAsync(ct).ConfigureAwait(false);
        await inner.PutAsync(key, value, ct).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default)
    {
        await LandedAsync(ct).ConfigureAwait(false);
        await inner.DeleteAsync(key, ct).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default)
    {
        await LandedAsync(ct).ConfigureAwait(false);
        await inner.WriteAsync(batch, ct).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await LandedAsync(ct).ConfigureAwait(false);
        await foreach (var entry in inner.ScanAsync(range, ct).ConfigureAwait(false)) yield return entry;
    }

    public async ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default)
    {
        await LandedAsync(ct).ConfigureAwait(false);
        await inner.DeleteRangeAsync(range, ct).ConfigureAwait(false);
    }

    public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => new PendingWriteReads(inner.WithPrefix(prefix), pending);

    /// <summary>The store is the view's: disposing this reader leaves it open.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Waits for the write in flight, if any; its failure is the indexer's to report (this batch is then never sealed).</summary>
    private Task LandedAsync(CancellationToken ct)
    {
        var write = pending();
        return write.IsCompleted ? Task.CompletedTask : write.WaitAsync(ct);
    }
}

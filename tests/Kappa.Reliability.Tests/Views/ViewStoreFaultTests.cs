using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Multifeed.Store;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Views;

/// <summary>The view store fails its Nth write (N = 1, 2, …): the view faults with a typed error, its committed progress is never ahead of its data, and Resume completes it.</summary>
public class ViewStoreFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_failed_view_write_faults_the_view_without_skewing_progress_and_resume_recovers()
    {
        var faults = 0;
        for (var n = 1; ; n++)
        {
            var inner = new MemoryViewStore();
            var faulty = new FailingViewStore(inner, n);
            await using var core = KappaCore.Create(await FeedStore.OpenAsync(new RamStoreStorage()));
            var sum = core.Use("sum", 1, new SumView(faulty, maxBatch: 7));
            var feed = await core.WriterAsync("w");
            await feed.AppendBatchAsync(Enumerable.Range(1, 60));
            try { await core.ReadyAsync("sum"); }
            catch (ViewException e)
            {
                faults++;
                Assert.Equal(ViewException.StateFailed, e.Code);
                Assert.Equal(ViewState.Faulted, core.GetViewStatus("sum").State);
                // What is committed is consistent: the stored sum is exactly the sum of the stored progress.
                var progress = await StoredViewProgress.ReadAsync(inner);
                var indexed = progress?.Total ?? 0;
                var stored = await inner.GetAsync("!d!sum"u8.ToArray());
                var storedSum = stored is null ? 0 : BitConverter.ToDouble(stored, 0);
                Assert.Equal(indexed * (indexed + 1) / 2.0, storedSum);
                core.Resume(["sum"]);
                await core.ReadyAsync("sum");
            }
            Assert.Equal(60 * 61 / 2.0, await sum.GetAsync());
            if (!faulty.Fired)
            {
                output.WriteLine($"walked N = 1..{n - 1}: {faults} view faults, each recovered by Resume with the right sum");
                Assert.True(faults > 3);
                return;
            }
        }
    }

    /// <summary>A view store whose Nth WriteAsync fails (once).</summary>
    private sealed class FailingViewStore(IViewStore inner, int failAt) : IViewStore
    {
        private int _writes;

        public bool Fired { get; private set; }

        public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.GetAsync(key, ct);
        public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default) => inner.PutAsync(key, value, ct);
        public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);

        public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default)
        {
            if (++_writes == failAt)
            {
                Fired = true;
                throw new ViewStoreException(ViewStoreException.Io, "injected write failure");
            }
            return inner.WriteAsync(batch, ct);
        }

        public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, CancellationToken ct = default) => inner.ScanAsync(range, ct);
        public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default) => inner.DeleteRangeAsync(range, ct);
        // KappaView reads through a prefixed view; its commits go through this store's WriteAsync, where the fault is.
        public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => inner.WithPrefix(prefix);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

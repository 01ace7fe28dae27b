using System.Text;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore.Crypto;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Views;

/// <summary>
/// A view's commit running while its next batch is mapped (<see cref="IOverlappedProgress"/>):
/// the next map reads after the pending write, and a batch mapped beside a write that failed never
/// lands. Driven step by step (map, seal, run the write) so each interleaving is certain.
/// </summary>
public class OverlappedCommitTests
{
    // multifeed-index state for "no feeds, version 1" (indexing.md §4), as ViewDriver commits it.
    private static readonly byte[] State = [0, 0, 0, 0, 1, 0, 0, 0];
    private static readonly FeedKey Feed = new(new byte[32]);

    private static KappaEntry[] Numbers(params int[] values) =>
        [.. values.Select((v, i) => ViewDriver.Entry(Feed, i, Encoding.UTF8.GetBytes(v.ToString(System.Globalization.CultureInfo.InvariantCulture))))];

    [Fact]
    public async Task A_map_beside_a_pending_commit_reads_after_it()
    {
        using var dir = new TempDirectory();
        await using var store = RocksDbViewStore.Open(dir.Combine("view"));
        var sum = new OverlappedSumView(store);
        IView view = sum;
        IOverlappedProgress progress = sum;
        Assert.True(progress.Overlaps);

        await view.MapAsync(Numbers(1, 2, 3), CancellationToken.None);
        var first = progress.Seal(State);
        var next = view.MapAsync(Numbers(4, 5), CancellationToken.None).AsTask();
        // The next map reads the sum: only the pending write can let that read go on.
        Assert.False(next.IsCompleted, "the next batch's read did not wait for the pending write");
        await first(CancellationToken.None);
        await next;
        await progress.Seal(State)(CancellationToken.None);
        Assert.Equal(15, await sum.GetAsync());
    }

    [Fact]
    public void Views_over_the_in_memory_store_and_the_sum_view_commit_in_line()
    {
        // Its write costs less than a hand-off to another thread.
        IOverlappedProgress memory = new OverlappedSumView(new MemoryViewStore());
        Assert.False(memory.Overlaps);
        IOverlappedProgress wrapped = new OverlappedSumView(new FailingWritesStore(new MemoryViewStore()));
        Assert.True(wrapped.Overlaps);
        // The seed's sum view never does: its write is one small record (and its next map reads it anyway).
        IOverlappedProgress sum = new SumView(new FailingWritesStore(new MemoryViewStore()));
        Assert.False(sum.Overlaps);
    }

    [Fact]
    public async Task A_batch_mapped_beside_a_commit_that_failed_never_lands()
    {
        var failing = new FailingWritesStore(new MemoryViewStore());
        await using var store = failing;
        var sum = new OverlappedSumView(store);
        IView view = sum;
        IOverlappedProgress progress = sum;

        await view.MapAsync(Numbers(1, 2, 3), CancellationToken.None);
        var first = progress.Seal(State);
        var next = view.MapAsync(Numbers(4, 5), CancellationToken.None).AsTask();
        failing.Fail = true;
        await Assert.ThrowsAsync<ViewStoreException>(() => first(CancellationToken.None));
        failing.Fail = false;
        await next;
        // Sealed anyway (the indexer never does this): its write is refused, the store stays as it was.
        await Assert.ThrowsAsync<InvalidOperationException>(() => progress.Seal(State)(CancellationToken.None));
        Assert.Null(await store.GetAsync("!s!state"u8.ToArray()));
        Assert.Null(await store.GetAsync("!d!sum"u8.ToArray()));

        // Mapped again from the stored progress (as after Resume), it lands.
        await view.MapAsync(Numbers(1, 2, 3), CancellationToken.None);
        await progress.Seal(State)(CancellationToken.None);
        Assert.Equal(6, await sum.GetAsync());
        Assert.NotNull(await store.GetAsync("!s!state"u8.ToArray()));
    }

    [Fact]
    public async Task Every_failed_overlapped_commit_faults_the_view_and_resume_indexes_each_entry_once()
    {
        // Walks the failing write over every commit of a run (maxBatch 7 over 60 entries: 9 writes).
        for (var failAt = 1; failAt <= 9; failAt++)
        {
            var inner = new MemoryViewStore();
            var failing = new FailingWritesStore(inner) { FailAt = failAt };
            await using var core = KappaCore.Create(await FeedStore.OpenAsync(new RamStoreStorage()));
            var feed = await core.WriterAsync("w");
            await feed.AppendBatchAsync(Enumerable.Range(1, 60)); // all stored before the view starts: batches are 0..6, 7..13, …
            var sum = core.Use("sum", 1, new OverlappedSumView(failing, maxBatch: 7));
            var e = await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("sum"));
            Assert.Equal(ViewException.StateFailed, e.Code);
            Assert.Equal(ViewState.Faulted, core.GetViewStatus("sum").State);
            // The progress stored is exactly the batches before the failed one, and the data with it.
            var stored = await StoredViewProgress.ReadAsync(inner);
            Assert.Equal(Math.Min(60, (failAt - 1) * 7), stored?.Total ?? 0);
            var indexed = stored?.Total ?? 0;
            var data = await inner.GetAsync("!d!sum"u8.ToArray());
            Assert.Equal(indexed * (indexed + 1) / 2.0, data is null ? 0 : BitConverter.ToDouble(data, 0));
            core.Resume(["sum"]);
            await core.ReadyAsync("sum");
            Assert.Equal(60 * 61 / 2.0, await sum.GetAsync());
            Assert.Equal(60, await sum.CountAsync());
        }
    }
}

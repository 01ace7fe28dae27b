using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>
/// The key/value view's commit running while its next batch is mapped: the next map sees the
/// pending batch's heads (from memory, or by waiting for the write), and a failed write faults the
/// view with nothing after it landed. Step-by-step tests seal and write by hand so each
/// interleaving is certain; the walk runs the real indexer.
/// </summary>
public class KvOverlapTests
{
    private static readonly string F = new('f', 64);
    private static readonly byte[] State = [0, 0, 0, 0, 1, 0, 0, 0]; // "no feeds, version 1" (indexing.md §4)

    private static (IView View, GatedProgress Progress) Parts(KvView kv) => (kv, (GatedProgress)((IView)kv).Progress!);

    [Fact]
    public async Task A_key_the_pending_batch_changed_is_read_as_that_batch_left_it()
    {
        await using var store = new MemoryViewStore();
        var kv = new KvView(store, KvTestRows.Explicit);
        var (view, progress) = Parts(kv);
        Assert.True(progress.Overlaps);

        await view.MapAsync(KvTestRows.Entries([new KvRow("k", F + "@1")]), CancellationToken.None);
        var first = progress.Seal(State);
        // A fork of k: its heads must be read with F@1 in them, although F@1 is not in the store yet.
        await view.MapAsync(KvTestRows.Entries([new KvRow("k", F + "@2")]), CancellationToken.None);
        await first(CancellationToken.None);
        await progress.Seal(State)(CancellationToken.None);
        Assert.Equal([F + "@1", F + "@2"], await kv.GetHeadsAsync("k"));
    }

    [Fact]
    public async Task A_cross_key_link_beside_a_pending_batch_waits_for_its_write()
    {
        await using var store = new MemoryViewStore();
        var kv = new KvView(store, KvTestRows.Explicit);
        var (view, progress) = Parts(kv);

        await view.MapAsync(KvTestRows.Entries([new KvRow("a", "doc-1")]), CancellationToken.None);
        var first = progress.Seal(State);
        // Linking doc-1 from another key reads where doc-1 was indexed: a store scan, held for the write.
        var next = view.MapAsync(KvTestRows.Entries([new KvRow("b", "doc-2", ["doc-1"])]), CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted, "the scan did not wait for the pending write");
        await first(CancellationToken.None);
        await next;
        await progress.Seal(State)(CancellationToken.None);
        Assert.Empty(await kv.GetHeadsAsync("a"));
        Assert.Equal(["doc-2"], await kv.GetHeadsAsync("b"));
    }

    [Fact]
    public async Task A_batch_mapped_beside_a_failed_write_never_lands_and_the_view_maps_again_from_the_store()
    {
        var failing = new FailingWritesStore(new MemoryViewStore());
        await using var store = failing;
        var kv = new KvView(store, KvTestRows.Explicit);
        var (view, progress) = Parts(kv);

        await view.MapAsync(KvTestRows.Entries([new KvRow("k", F + "@1")]), CancellationToken.None);
        var first = progress.Seal(State);
        await view.MapAsync(KvTestRows.Entries([new KvRow("k", F + "@2", [F + "@1"])]), CancellationToken.None);
        failing.Fail = true;
        await Assert.ThrowsAsync<ViewStoreException>(() => first(CancellationToken.None));
        failing.Fail = false;
        await Assert.ThrowsAsync<InvalidOperationException>(() => progress.Seal(State)(CancellationToken.None));
        Assert.Empty(await kv.GetHeadsAsync("k"));

        // Mapped again (as after Resume): the view's memory of the lost batches is gone, F@1 is a head.
        await KvTestRows.IndexAsync(kv, [[new KvRow("k", F + "@1")]]);
        Assert.Equal([F + "@1"], await kv.GetHeadsAsync("k"));
        await KvTestRows.IndexAsync(kv, [[new KvRow("k", F + "@3")]]);
        Assert.Equal([F + "@1", F + "@3"], await kv.GetHeadsAsync("k"));
    }

    [Fact]
    public async Task Every_failed_write_faults_the_view_with_the_store_at_a_batch_boundary_and_resume_completes_it()
    {
        const int seed = 1010;
        const int count = 80;
        const int batch = 7;
        var writes = (count + batch - 1) / batch;
        for (var failAt = 1; failAt <= writes; failAt++)
        {
            var inner = new MemoryViewStore();
            var failing = new FailingWritesStore(inner) { FailAt = failAt };
            await using var core = KappaCore.Create(await FeedStore.OpenAsync(new RamStoreStorage()));
            var feed = await core.WriterAsync("w");
            var random = new Random(seed);
            var rows = new List<KvRow>();
            var latest = new Dictionary<string, string>();
            for (var i = 0; i < count; i++)
            {
                var key = "k" + random.Next(12);
                string[] links = latest.TryGetValue(key, out var prev) && random.Next(4) != 0 ? [prev] : [];
                var id = $"{feed.Key}@{i}";
                rows.Add(new KvRow(key, id, links));
                latest[key] = id;
            }
            await feed.AppendBatchAsync(rows.Select(r => new { key = r.Key, links = r.Links }));
            var kv = core.Use("kv", 1, new KvView(failing, maxBatch: batch));
            var e = await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("kv"));
            Assert.True(ViewException.StateFailed == e.Code, $"seed {seed}, write {failAt}: {e.Code}");

            // The store holds exactly the batches before the failed one: its heads are the rule over them.
            var stored = (int)((await StoredViewProgress.ReadAsync(inner))?.Total ?? 0);
            Assert.True(Math.Min(count, (failAt - 1) * batch) == stored, $"seed {seed}, write {failAt}: progress {stored}");
            await AssertHeadsAsync(new KvView(inner), KvTestRows.Model(rows.Take(stored)), $"seed {seed}, write {failAt}, stored");

            core.Resume(["kv"]);
            await core.ReadyAsync("kv");
            await AssertHeadsAsync(kv, KvTestRows.Model(rows), $"seed {seed}, write {failAt}, resumed");
        }
    }

    private static async Task AssertHeadsAsync(KvView kv, Dictionary<string, List<string>> model, string what)
    {
        for (var k = 0; k < 12; k++)
        {
            var key = "k" + k;
            var expected = model.TryGetValue(key, out var heads) ? heads : [];
            Assert.True(expected.SequenceEqual(await kv.GetHeadsAsync(key)), $"{what}: heads of {key}");
        }
    }
}

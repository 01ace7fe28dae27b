using System.Text.Json;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Views;

public class ViewIndexingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static async Task<KappaCore> NewCoreAsync() => KappaCore.Create(await FeedStore.OpenAsync(new RamStoreStorage()));

    [Fact]
    public async Task Batches_and_stored_states_follow_multifeed_index_as_in_the_vectors()
    {
        var v = Vectors.Load("indexing.json").GetProperty("twoFeedsMaxBatch3");
        await using var core = await NewCoreAsync();
        var first = await core.WriterAsync("default");
        for (var i = 1; i <= 7; i++) await first.AppendAsync(i);
        var second = await core.WriterAsync("second");
        foreach (var s in new[] { "x", "y", "z", "w" }) await second.AppendAsync(s);
        var view = new RecordingView(maxBatch: 3);
        core.Use("v", 7, view);
        await core.ReadyAsync("v").WaitAsync(Timeout);
        await second.AppendAsync("v");
        await core.ReadyAsync("v").WaitAsync(Timeout);

        // The vector's keys are other writers' keys: map them to ours by feed order.
        var keys = v.GetProperty("feedOrder").EnumerateArray().Select(k => k.GetString()!).ToArray();
        string Ours(string theirs) => (Array.IndexOf(keys, theirs) == 0 ? first : second).Key.ToString();
        var expectedBatches = v.GetProperty("calls").EnumerateArray().Where(c => c.Str("call") == "map")
            .Select(c => c.GetProperty("entries").EnumerateArray().Select(e => (Ours(e.Str("key")), e.Num("seq"), e.GetProperty("value").GetRawText())).ToList()).ToList();
        Assert.Equal(expectedBatches, view.Batches);
        var expectedStates = v.GetProperty("calls").EnumerateArray().Where(c => c.Str("call") == "storeState")
            .Select(c => c.Str("stateHex").Replace(keys[0], first.Key.ToString(), StringComparison.Ordinal).Replace(keys[1], second.Key.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedStates, view.States.Select(s => Vectors.Hex(s)));
    }

    [Fact]
    public async Task The_default_batch_is_ten_entries_as_kappa_core()
    {
        var v = Vectors.Load("indexing.json").GetProperty("defaultMaxBatch");
        await using var core = await NewCoreAsync();
        var feed = await core.WriterAsync("w");
        await feed.AppendBatchAsync(Enumerable.Range(0, (int)v.Num("entries")));
        var view = new RecordingView();
        core.Use("v", view);
        await core.ReadyAsync("v").WaitAsync(Timeout);
        Assert.Equal(v.GetProperty("batchSizes").EnumerateArray().Select(b => b.GetInt32()), view.Batches.Select(b => b.Count));
    }

    [Fact]
    public async Task The_seed_readme_sum_view_sums_numbers_and_ignores_strings()
    {
        await using var core = await NewCoreAsync();
        var sum = core.Use("sum", 1, new SumView(new MemoryViewStore()));
        var a = await core.WriterAsync("a");
        var b = await core.WriterAsync("b");
        await a.AppendBatchAsync(new object[] { 1, 2.5, "7", "not a number" });
        await b.AppendAsync(7);
        Assert.Equal(10.5, await sum.GetAsync().WaitAsync(Timeout));
        Assert.Same(sum, core.Api["sum"]);
        Assert.Same(sum, core.GetApi<SumView>("sum"));
    }

    [Fact]
    public async Task Ready_waits_for_entries_appended_concurrently_before_the_call()
    {
        await using var core = await NewCoreAsync();
        var view = new RecordingView(maxBatch: 7);
        core.Use("v", view);
        var feed = await core.WriterAsync("w");
        var appender = Task.Run(async () => { for (var i = 0; i < 300; i++) await feed.AppendAsync(i); });
        for (var round = 0; round < 20; round++)
        {
            var length = feed.Length;
            await core.ReadyAsync("v").WaitAsync(Timeout);
            Assert.True(view.MappedEntries >= length, $"ready returned with {view.MappedEntries} of {length} indexed");
        }
        await appender;
        await core.ReadyAsync("v").WaitAsync(Timeout);
        Assert.Equal(300, view.MappedEntries);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), view.Batches.SelectMany(b => b).Select(e => e.Seq));
    }

    [Fact]
    public async Task Views_can_be_read_from_another_thread_while_new_feeds_are_indexed()
    {
        // The server's event hub reads view status on its own thread while the indexer adds feeds
        // to its progress; reading must never see the progress mid-change.
        await using var core = await NewCoreAsync();
        var view = new RecordingView(maxBatch: 3);
        core.Use("v", view);
        using var stop = new CancellationTokenSource();
        long reads = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.InRange(core.Views.Single().IndexedEntries, 0, 400);
                reads++;
            }
        });
        for (var i = 0; i < 200; i++)
        {
            var feed = await core.WriterAsync($"w{i}");
            await feed.AppendBatchAsync(new object[] { i, i + 1 });
        }
        await core.ReadyAsync("v").WaitAsync(Timeout);
        await stop.CancelAsync();
        await reader.WaitAsync(Timeout);
        Assert.True(reads > 0);
        Assert.Equal(400, core.Views.Single().IndexedEntries);
        Assert.Equal(400, view.MappedEntries);
    }

    [Fact]
    public async Task A_map_error_faults_only_that_view_and_resume_retries_the_batch()
    {
        await using var core = await NewCoreAsync();
        var failing = new RecordingView(maxBatch: 2) { FailWhen = e => e[0].Seq == 2 };
        var healthy = new RecordingView(maxBatch: 2);
        var faults = new List<ViewFaultedEventArgs>();
        core.ViewFaulted += (_, e) => faults.Add(e);
        core.Use("failing", failing);
        core.Use("healthy", healthy);
        var feed = await core.WriterAsync("w");
        await feed.AppendBatchAsync(Enumerable.Range(0, 5));

        var e = await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("failing").WaitAsync(Timeout));
        Assert.Equal(ViewException.MapFailed, e.Code);
        Assert.Equal(feed.Key, e.Feed);
        Assert.Equal(2, e.Seq);
        Assert.Equal("boom", e.InnerException!.Message);
        Assert.Equal(ViewState.Faulted, core.GetViewStatus("failing").State);
        Assert.Same(e, Assert.Single(faults).Error);
        await core.ReadyAsync("healthy").WaitAsync(Timeout);
        Assert.Equal(5, healthy.MappedEntries);
        await feed.AppendAsync(5);
        await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("failing").WaitAsync(Timeout));

        failing.FailWhen = null;
        core.Resume(["failing"]);
        await core.ReadyAsync("failing").WaitAsync(Timeout);
        Assert.Equal([[0L, 1], [2, 3], [4, 5]], failing.Batches.Select(b => b.Select(x => x.Seq).ToArray()));
    }

    [Fact]
    public async Task A_store_failure_inside_the_map_faults_the_view_as_a_state_failure_and_resume_retries_the_batch()
    {
        await using var core = await NewCoreAsync();
        var full = new ViewStoreException(ViewStoreException.DiskFull, "Disk full while reopening the view database");
        var view = new RecordingView(maxBatch: 2) { FailWhen = e => e[0].Seq == 2, Failure = () => new IOException("wrapped", full) };
        core.Use("v", view);
        var feed = await core.WriterAsync("w");
        await feed.AppendBatchAsync(Enumerable.Range(0, 4));

        var e = await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("v").WaitAsync(Timeout));
        Assert.Equal(ViewException.StateFailed, e.Code);
        Assert.Equal(2, e.Seq);
        Assert.Same(full, e.InnerException!.InnerException);

        view.FailWhen = null;
        core.Resume(["v"]);
        await core.ReadyAsync("v").WaitAsync(Timeout);
        Assert.Equal([[0L, 1], [2, 3]], view.Batches.Select(b => b.Select(x => x.Seq).ToArray()));
    }

    [Fact]
    public async Task Pause_holds_new_entries_until_resume()
    {
        await using var core = await NewCoreAsync();
        var view = new RecordingView();
        core.Use("v", view);
        var feed = await core.WriterAsync("w");
        await feed.AppendAsync(1);
        await core.ReadyAsync("v").WaitAsync(Timeout);
        await core.PauseAsync(["v"]).WaitAsync(Timeout);
        Assert.Equal(ViewState.Paused, core.GetViewStatus("v").State);
        await feed.AppendBatchAsync(new[] { 2, 3 });
        await Task.Delay(200);
        Assert.Equal(1, view.MappedEntries);
        Assert.Equal(ViewException.Paused, (await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("v"))).Code);
        core.Resume(["v"]);
        await core.ReadyAsync("v").WaitAsync(Timeout);
        Assert.Equal(3, view.MappedEntries);
    }

    [Fact]
    public async Task A_corrupted_block_faults_the_view_naming_feed_and_block()
    {
        using var dir = new TempDirectory("core-corrupt");
        FeedKey key;
        await using (var store = await FeedStore.OpenAsync(dir.Path))
        {
            var feed = await store.WriterAsync("w");
            await feed.AppendBatchAsync(new[] { "aaaa", "bbbb", "cccc" });
            key = feed.Key;
        }
        var data = dir.Combine("0", "data");
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[9] = (byte)'X';
        await File.WriteAllBytesAsync(data, bytes);
        await using var core = await KappaCore.OpenAsync(dir.Path);
        var view = new RecordingView();
        core.Use("v", view);
        var e = await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("v").WaitAsync(Timeout));
        Assert.Equal(ViewException.ReadFailed, e.Code);
        Assert.Equal(key, e.Feed);
        Assert.Equal(1, e.Seq);
        Assert.Equal(FeedException.BlockCorrupt, ((FeedException)e.InnerException!).Code);
        Assert.Equal(0, view.MappedEntries); // never the wrong value, and nothing of a batch holding it
    }

    [Fact]
    public async Task Unknown_views_and_duplicate_names_are_clear_errors()
    {
        await using var core = await NewCoreAsync();
        core.Use("v", new RecordingView());
        Assert.Throws<ArgumentException>(() => core.Use("v", new RecordingView()));
        Assert.Equal(ViewException.Unknown, (await Assert.ThrowsAsync<ViewException>(() => core.ReadyAsync("nope"))).Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => core.Use("zero", 0, new RecordingView()));
    }
}

using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.List;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Views;

/// <summary>
/// A RocksDB view store whose files were damaged on disk (truncated, flipped, deleted SST,
/// MANIFEST or CURRENT) is detected, moved aside, reported, and rebuilt from the feeds into
/// exactly what a fresh build gives — never a silently wrong view.
/// </summary>
public class ViewStoreDamageTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(FileDamage.TruncatedSst, "Sst file size mismatch")]
    [InlineData(FileDamage.FlippedSstBytes, "checksum mismatch")]
    [InlineData(FileDamage.DeletedSst, "No such file")]
    [InlineData(FileDamage.DeletedCurrent, "CURRENT is missing")]
    [InlineData(FileDamage.DeletedManifest, "No such file")]
    [InlineData(FileDamage.GarbledManifest, "Corruption")]
    public async Task Damage_found_at_open_is_moved_aside_reported_and_rebuilt_equal_to_a_fresh_view(FileDamage damage, string reported)
    {
        using var dir = new TempDirectory("view-damage");
        await ViewFiles.BuildAsync(dir.Path);
        var viewDir = ViewFiles.ViewDir(dir.Path);
        ViewFiles.Damage(viewDir, damage);

        var log = new ListLogger();
        await using var core = await KappaCore.OpenAsync(dir.Path, new KappaOptions { LoggerFactory = log });
        // A flipped byte inside a data block is only seen when the block is read: VerifyOnOpen reads them all.
        await using var store = RocksDbViewStore.Open(viewDir, new RocksDbViewStoreOptions { VerifyOnOpen = damage == FileDamage.FlippedSstBytes, Logger = log });
        await using var freshStore = RocksDbViewStore.Open(dir.Combine("fresh"));

        var repair = Assert.Single(store.Repairs);
        Assert.Contains(reported, repair.Reason, StringComparison.Ordinal);
        Assert.Equal(viewDir + RocksDbViewStore.DamagedSuffix, repair.MovedTo);
        Assert.True(Directory.Exists(repair.MovedTo), "the damaged files are kept aside");
        Assert.Equal(repair.Reason, RocksDbViewStore.LastRepair(viewDir)?.Reason);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("damaged", StringComparison.Ordinal));

        var list = core.Use("list", 1, ListView.ByPath(store, "n"));
        core.Use("fresh", 1, ListView.ByPath(freshStore, "n"));
        await core.ReadyAsync("list", "fresh");

        var rebuilt = await ViewFiles.DumpAsync(store);
        Assert.Equal(await ViewFiles.DumpAsync(freshStore), rebuilt);
        Assert.Equal(2 * ViewFiles.EntriesPerWriter, await list.ReadAsync().CountAsync());
        output.WriteLine($"{damage}: {repair.Reason}; rebuilt {rebuilt.Count} keys, equal to a fresh build");
    }

    [Fact]
    public async Task A_damaged_block_found_by_a_read_is_a_typed_error_and_the_view_rebuilds_in_place()
    {
        using var dir = new TempDirectory("view-damage-read");
        await ViewFiles.BuildAsync(dir.Path);
        var viewDir = ViewFiles.ViewDir(dir.Path);
        ViewFiles.Damage(viewDir, FileDamage.FlippedSstBytes);

        var log = new ListLogger();
        await using var core = await KappaCore.OpenAsync(dir.Path, new KappaOptions { LoggerFactory = log });
        // Opened without a full check: the damaged block is in the middle of the list, where only a read finds it.
        await using var store = RocksDbViewStore.Open(viewDir, new RocksDbViewStoreOptions { Logger = log });
        await using var freshStore = RocksDbViewStore.Open(dir.Combine("fresh"));
        Assert.Empty(store.Repairs);
        var list = core.Use("list", 1, ListView.ByPath(store, "n"));
        core.Use("fresh", 1, ListView.ByPath(freshStore, "n"));
        await core.ReadyAsync("list", "fresh");

        // Reading the whole list meets the damaged block: a typed error, not a list that silently ends early.
        var e = await Assert.ThrowsAsync<ViewStoreException>(async () => await list.ReadAsync().CountAsync());
        Assert.Equal(ViewStoreException.Corrupt, e.Code);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);

        // The view's indexer was told: the store is started afresh and the view rebuilt from the feeds.
        await WaitForAsync(() => store.Repairs.Count == 1, "the store to be started afresh");
        await core.ReadyAsync("list");
        Assert.Equal(await ViewFiles.DumpAsync(freshStore), await ViewFiles.DumpAsync(store));
        Assert.Equal(2 * ViewFiles.EntriesPerWriter, await list.ReadAsync().CountAsync());
        Assert.Contains(log.Lines, l => l.Contains("View list is rebuilt from the feeds", StringComparison.Ordinal));
        output.WriteLine($"found by a read: {e.Message}; repaired: {store.Repairs[0]}");
    }

    [Fact]
    public async Task A_batch_mapped_over_the_damaged_files_is_never_committed_onto_the_fresh_ones()
    {
        using var dir = new TempDirectory("view-damage-race");
        await ViewFiles.BuildAsync(dir.Path);
        var viewDir = ViewFiles.ViewDir(dir.Path);
        ViewFiles.Damage(viewDir, FileDamage.FlippedSstBytes);

        await using var core = await KappaCore.OpenAsync(dir.Path);
        await using var store = RocksDbViewStore.Open(viewDir);
        await using var freshStore = RocksDbViewStore.Open(dir.Combine("fresh"));
        // Two views in one database: "list" as built, "late" in its own prefix, whose map can be held.
        using var hold = new ManualResetEventSlim(true);
        var byN = ListMaps.ByPath("n");
        var list = core.Use("list", 1, ListView.ByPath(store, "n"));
        var late = core.Use("late", 1, new ListView(store.WithPrefix("late!"u8), e => { hold.Wait(); return byN(e); }));
        core.Use("fresh", 1, ListView.ByPath(freshStore, "n"));
        await core.ReadyAsync();

        // "late" maps a batch over the old files and is held before its commit...
        hold.Reset();
        await (await core.WriterAsync("a")).AppendAsync(new ViewFiles.Entry(7, "one more"));
        await core.ReadyAsync("list", "fresh");
        // ...while a read finds the damage and "list" starts the database afresh under it.
        await Assert.ThrowsAsync<ViewStoreException>(async () => await list.ReadAsync().CountAsync());
        await WaitForAsync(() => store.Repairs.Count == 1, "the store to be started afresh");
        hold.Set();

        // Its commit is refused (the progress it carries counts entries the new files do not hold); it rebuilds too.
        await core.ReadyAsync();
        var entries = 2 * ViewFiles.EntriesPerWriter + 1;
        Assert.Equal(entries, await list.ReadAsync().CountAsync());
        Assert.Equal(entries, await late.ReadAsync().CountAsync());
        Assert.Equal(await ViewFiles.DumpAsync(freshStore), await ViewFiles.DumpAsync(store.WithPrefix("late!"u8)));
    }

    [Fact]
    public async Task A_torn_write_ahead_log_keeps_whole_batches_only_and_the_view_catches_up()
    {
        using var dir = new TempDirectory("view-torn-wal");
        await ViewFiles.BuildAsync(dir.Path, flushToSst: false);
        var viewDir = ViewFiles.ViewDir(dir.Path);
        var wal = Directory.GetFiles(viewDir, "*.log").Order(StringComparer.Ordinal).Last();
        long walLength;
        using (var f = File.OpenWrite(wal))
        {
            walLength = f.Length;
            f.SetLength(f.Length / 2 + 13);
        }

        await using var core = await KappaCore.OpenAsync(dir.Path);
        await using var store = RocksDbViewStore.Open(viewDir);
        await using var freshStore = RocksDbViewStore.Open(dir.Combine("fresh"));
        // RocksDB keeps the log up to its last whole record: a consistent earlier state (data and progress
        // are one write), not damage. The view resumes from that progress.
        Assert.Empty(store.Repairs);
        var before = (await StoredViewProgressTotal(store));
        Assert.InRange(before, 1, 2 * ViewFiles.EntriesPerWriter - 1);
        core.Use("list", 1, ListView.ByPath(store, "n"));
        core.Use("fresh", 1, ListView.ByPath(freshStore, "n"));
        await core.ReadyAsync();
        Assert.Equal(await ViewFiles.DumpAsync(freshStore), await ViewFiles.DumpAsync(store));
        output.WriteLine($"write-ahead log cut from {walLength} to {walLength / 2 + 13} bytes: {before} entries kept, the rest indexed again");
    }

    private static async Task<long> StoredViewProgressTotal(IViewStore store) =>
        (await Kappa.Core.Views.StoredViewProgress.ReadAsync(store))?.Total ?? 0;

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"waited 60 s for {what}");
            await Task.Delay(20);
        }
    }
}

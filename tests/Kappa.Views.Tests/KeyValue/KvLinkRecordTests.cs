using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>
/// The default map's `l` (linked) records: one exists exactly while an id is linked and its entry
/// is not indexed (KvView.Entries.cs), so the stored view is the same bytes whatever order entries
/// were indexed in and across restarts, and links to indexed entries (nearly all of them) write none.
/// </summary>
public class KvLinkRecordTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<List<string>> LinkRecordsAsync(string dir)
    {
        await using var db = RocksDbViewStore.Open(Path.Combine(dir, ".kappa", "views", "kv"));
        return [.. (await ViewRows.DataAsync(db)).Where(r => r.Key.AsSpan().StartsWith("!d!l"u8)).Select(r => Convert.ToHexString(r.Key))];
    }

    [Fact]
    public async Task A_link_record_lives_only_until_its_target_entry_is_indexed_and_a_restart_writes_none_again()
    {
        using var dir = new TempDirectory("kv-links");
        string a, b;
        await using (var t = await KvCore.OpenAsync(dir.Path))
        {
            var writerA = await t.Core.WriterAsync("a");
            var writerB = await t.Core.WriterAsync("b");
            a = writerA.Key.ToString();
            b = writerB.Key.ToString();
            // b links two entries of a that are not here yet: a row (a@0) and an entry that is no row (a@1).
            await writerB.AppendAsync(new { key = "doc", links = new[] { $"{a}@0", $"{a}@1" } });
            Assert.Equal([$"{b}@0"], await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout));
        }
        Assert.Equal(2, (await LinkRecordsAsync(dir.Path)).Count);

        await using (var t = await KvCore.OpenAsync(dir.Path))
        {
            var writerA = await t.Core.WriterAsync("a");
            await writerA.AppendAsync(new { key = "doc" });
            await writerA.AppendAsync(new { note = "not a row" });
            Assert.Equal([$"{b}@0"], await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout));
        }
        Assert.Empty(await LinkRecordsAsync(dir.Path));

        await using (var t = await KvCore.OpenAsync(dir.Path))
        {
            // After a restart the linked, indexed a@0 is in no head; linking it again writes nothing and changes no head.
            var writerB = await t.Core.WriterAsync("b");
            await writerB.AppendAsync(new { key = "other", links = new[] { $"{a}@0" } });
            Assert.Equal([$"{b}@1"], await t.Kv.GetHeadsAsync("other").WaitAsync(Timeout));
            Assert.Equal([$"{b}@0"], await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout));
        }
        Assert.Empty(await LinkRecordsAsync(dir.Path));

        // The same bytes as a fresh rebuild over the same feeds, which indexed a before b's links.
        await using var core = await KappaCore.OpenAsync(dir.Path);
        await using var fresh = new MemoryViewStore();
        core.Use("fresh", 1, new KvView(fresh));
        await core.ReadyAsync("fresh").WaitAsync(Timeout);
        await core.DisposeAsync();
        await using var kept = RocksDbViewStore.Open(Path.Combine(dir.Path, ".kappa", "views", "kv"));
        await ViewRows.AssertSameAsync("kv", kept, fresh, 1, 0);
    }

    [Fact]
    public async Task A_custom_map_keeps_every_link_record()
    {
        // Its rows may carry any id, so an indexed entry's id may still come as a row later.
        using var dir = new TempDirectory("kv-links-custom");
        await using (var t = await KvCore.OpenAsync(dir.Path, map: (e, rows) => KvRows.KeyField(e, rows)))
        {
            var w = await t.Core.WriterAsync("w");
            await w.AppendAsync(new { key = "doc" });
            await w.AppendAsync(new { key = "doc", links = new[] { $"{w.Key}@0" } });
            Assert.Equal([$"{w.Key}@1"], await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout));
        }
        Assert.Single(await LinkRecordsAsync(dir.Path));
    }
}

using System.Text.Json;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.TestSupport;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>The key/value view on a real core and real feeds, with the default map (<see cref="KvRows.KeyField"/>).</summary>
public class KvViewTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_versions_of_one_parent_are_a_fork_and_a_merge_ends_it()
    {
        await using var t = await KvCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        var b = await t.Core.WriterAsync("b");
        await a.AppendAsync(new { key = "doc", v = 0 });
        var root = $"{a.Key}@0";
        await a.AppendAsync(new { key = "doc", v = 1, links = new[] { root } });
        await b.AppendAsync(new { key = "doc", v = 2, links = new[] { root } });
        var fork = await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout);
        Assert.Equal(new[] { $"{a.Key}@1", $"{b.Key}@0" }.Order(KvIdOrder.Instance), fork);

        await b.AppendAsync(new { key = "doc", v = 3, links = fork });
        Assert.Equal([$"{b.Key}@1"], await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_tombstone_is_the_one_head_and_the_resolver_sees_it()
    {
        await using var t = await KvCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        await a.AppendAsync(new { key = "doc", timestamp = 5 });
        await a.AppendAsync(new { key = "doc", deleted = true, timestamp = 6, links = new[] { $"{a.Key}@0" } });
        var heads = await t.Kv.GetAsync("doc").WaitAsync(Timeout);
        var head = Assert.Single(heads);
        Assert.True(head.Value!.Value.GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_key_is_empty()
    {
        await using var t = await KvCore.OpenAsync();
        Assert.Empty(await t.Kv.GetHeadsAsync("nothing").WaitAsync(Timeout));
        Assert.Empty(await t.Kv.GetAsync("nothing").WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_link_indexed_before_its_target_still_hides_the_target()
    {
        await using var t = await KvCore.OpenAsync();
        var a = await t.Core.WriterAsync("a"); // indexed first, but its entry comes last
        var b = await t.Core.WriterAsync("b");
        await b.AppendAsync(new { key = "doc", links = new[] { $"{a.Key}@0" } });
        Assert.Equal([$"{b.Key}@0"], await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout));
        await a.AppendAsync(new { key = "doc" });
        Assert.Equal([$"{b.Key}@0"], await t.Kv.GetHeadsAsync("doc").WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_row_that_links_itself_is_never_a_head_and_a_cross_key_link_removes_a_head()
    {
        await using var t = await KvCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        await a.AppendAsync(new { key = "self", links = new[] { $"{a.Key}@0" } });
        await a.AppendAsync(new { key = "x" });
        await a.AppendAsync(new { key = "y", links = new[] { $"{a.Key}@1" } });
        Assert.Empty(await t.Kv.GetHeadsAsync("self").WaitAsync(Timeout));
        Assert.Empty(await t.Kv.GetHeadsAsync("x"));
        Assert.Equal([$"{a.Key}@2"], await t.Kv.GetHeadsAsync("y"));
        Assert.Equal(["y"], (await t.Kv.ReadAsync().ToListAsync()).Select(c => c.Key));
    }

    [Fact]
    public async Task A_cross_key_link_in_a_later_run_finds_the_head_by_reading_its_entry()
    {
        using var dir = new TempDirectory("kv-cross-key");
        string root;
        await using (var t = await KvCore.OpenAsync(dir.Path))
        {
            var a = await t.Core.WriterAsync("a");
            await a.AppendAsync(new { key = "x" });
            await a.AppendAsync(new { key = "z" });
            root = $"{a.Key}@0";
            Assert.Equal([root], await t.Kv.GetHeadsAsync("x").WaitAsync(Timeout));
        }
        // A new process: the view's id table comes from the stored heads, and the row under "x"
        // has no (id, key) record — the view reads entry a@0 again to learn its key.
        await using (var t = await KvCore.OpenAsync(dir.Path))
        {
            var a = await t.Core.WriterAsync("a");
            await a.AppendAsync(new { key = "y", links = new[] { root } });
            Assert.Equal([$"{a.Key}@2"], await t.Kv.GetHeadsAsync("y").WaitAsync(Timeout));
            Assert.Empty(await t.Kv.GetHeadsAsync("x"));
            Assert.Equal(["y", "z"], (await t.Kv.ReadAsync().ToListAsync()).Select(c => c.Key));
        }
    }

    [Fact]
    public async Task A_custom_map_under_another_entry_s_id_keeps_its_record_and_a_later_link_finds_it()
    {
        using var dir = new TempDirectory("kv-foreign");
        KvMap map = (e, rows) =>
        {
            using var doc = JsonDocument.Parse(e.Data);
            var o = doc.RootElement;
            var id = o.TryGetProperty("as", out var a) ? a.GetString()! : EntryId.Of(e).ToString();
            var links = o.TryGetProperty("links", out var l) ? l.EnumerateArray().Select(x => x.GetString()!).ToList() : null;
            rows.Add(new KvRow(o.GetProperty("key").GetString()!, id, links));
        };
        string foreign;
        await using (var t = await KvCore.OpenAsync(dir.Path, map: map))
        {
            var a = await t.Core.WriterAsync("a");
            foreign = $"{new string('c', 64)}@7"; // names no entry here: only its record can say where it went
            await a.AppendAsync(new { key = "x", @as = foreign });
            Assert.Equal([foreign], await t.Kv.GetHeadsAsync("x").WaitAsync(Timeout));
        }
        await using (var t = await KvCore.OpenAsync(dir.Path, map: map))
        {
            var a = await t.Core.WriterAsync("a");
            await a.AppendAsync(new { key = "y", links = new[] { foreign } });
            Assert.Equal([$"{a.Key}@1"], await t.Kv.GetHeadsAsync("y").WaitAsync(Timeout));
            Assert.Empty(await t.Kv.GetHeadsAsync("x"));
        }
    }

    [Fact]
    public async Task Entries_that_are_not_rows_are_skipped_and_indexing_goes_on()
    {
        await using var t = await KvCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        await a.AppendBatchAsync(new object[] { 42, "text", new { key = 7 }, new { key = (string?)null }, new[] { 1 }, new { nokey = true } });
        await a.AppendAsync(new { key = "k", links = new object[] { 5, "not an id", "", new { }, $"{new string('A', 64)}@1" } });
        Assert.Equal([$"{a.Key}@6"], await t.Kv.GetHeadsAsync("k").WaitAsync(Timeout));
        Assert.Equal(ViewState.Idle, t.Core.GetViewStatus("kv").State);
    }

    [Fact]
    public async Task A_head_whose_block_is_not_here_is_reported_missing_at_once()
    {
        await using var t = await KvCore.OpenAsync(map: (entry, rows) =>
        {
            var o = entry.Value<JsonElement>();
            rows.Add(new KvRow("k", o.GetProperty("id").GetString()!));
        });
        var a = await t.Core.WriterAsync("a");
        var absent = $"{new string('e', 64)}@3";
        await a.AppendAsync(new { id = absent });
        await a.AppendAsync(new { id = $"{a.Key}@1" });
        var heads = await t.Kv.GetAsync("k").WaitAsync(Timeout);
        Assert.Equal(new[] { absent, $"{a.Key}@1" }.Order(KvIdOrder.Instance), heads.Select(h => h.Id));
        Assert.True(heads.Single(h => h.Id == absent).IsMissing);
        Assert.False(heads.Single(h => h.Id != absent).IsMissing);
    }

    [Fact]
    public async Task A_throwing_map_faults_only_its_view()
    {
        await using var t = await KvCore.OpenAsync(map: (_, _) => throw new InvalidOperationException("bad map"));
        await using var db = new MemoryViewStore();
        var good = t.Core.Use("good", 1, new KvView(db));
        await (await t.Core.WriterAsync("a")).AppendAsync(new { key = "k" });
        Assert.Single(await good.GetHeadsAsync("k").WaitAsync(Timeout));
        var error = await Assert.ThrowsAsync<ViewException>(() => t.Kv.GetHeadsAsync("k").WaitAsync(Timeout));
        Assert.Equal(ViewException.MapFailed, error.Code);
    }

    [Fact]
    public async Task Heads_persist_on_rocksdb_and_a_version_bump_rebuilds_them()
    {
        using var dir = new TempDirectory("kv-persist");
        string head;
        await using (var t = await KvCore.OpenAsync(dir.Path))
        {
            var a = await t.Core.WriterAsync("a");
            await a.AppendAsync(new { key = "k" });
            head = Assert.Single(await t.Kv.GetHeadsAsync("k").WaitAsync(Timeout));
        }
        await using (var t = await KvCore.OpenAsync(dir.Path, version: 1, map: (_, _) => throw new InvalidOperationException("no entry may be mapped again")))
            Assert.Equal([head], await t.Kv.GetHeadsAsync("k").WaitAsync(Timeout));
        await using (var t = await KvCore.OpenAsync(dir.Path, version: 2, map: (e, rows) => rows.Add(new KvRow("renamed", EntryId.Of(e).ToString()))))
        {
            Assert.Empty(await t.Kv.GetHeadsAsync("k").WaitAsync(Timeout));
            Assert.Equal([head], await t.Kv.GetHeadsAsync("renamed"));
        }
    }

    [Fact]
    public async Task Latest_picks_the_greatest_timestamp_and_breaks_ties_by_id()
    {
        await using var t = await KvCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        var b = await t.Core.WriterAsync("b");
        await a.AppendAsync(new { key = "doc", timestamp = 10, who = "a" });
        await b.AppendAsync(new { key = "doc", timestamp = 10, who = "b" });
        await b.AppendAsync(new { key = "other", timestamp = 3 });
        await a.AppendAsync(new { key = "other", timestamp = 9 });
        var doc = await t.Kv.GetAsync("doc").WaitAsync(Timeout);
        Assert.Equal(doc.Select(h => h.Id).Max(KvIdOrder.Instance), KvResolver.Latest(doc)!.Id);
        Assert.Equal(2, KvResolver.Forks(doc).Count);
        var other = await t.Kv.GetAsync("other");
        Assert.Equal(9, KvResolver.Latest(other)!.Value!.Value.GetProperty("timestamp").GetInt32());
    }
}

/// <summary>A core in a temp directory with a key/value view named "kv" (RocksDB when a directory is given).</summary>
internal sealed class KvCore : IAsyncDisposable
{
    private readonly TempDirectory? _dir;
    private readonly IViewStore _db;

    private KvCore(TempDirectory? dir, KappaCore core, IViewStore db, KvView kv)
    {
        _dir = dir;
        Core = core;
        _db = db;
        Kv = kv;
    }

    public KappaCore Core { get; }
    public KvView Kv { get; }

    public static async Task<KvCore> OpenAsync(string? path = null, int version = 1, KvMap? map = null)
    {
        var dir = path is null ? new TempDirectory("kv") : null;
        var core = await KappaCore.OpenAsync(path ?? dir!.Path);
        IViewStore db = path is null ? new MemoryViewStore() : RocksDbViewStore.Open(core.ViewDirectory("kv")!);
        return new KvCore(dir, core, db, core.Use("kv", version, new KvView(db, map)));
    }

    public async ValueTask DisposeAsync()
    {
        await Core.DisposeAsync();
        await _db.DisposeAsync();
        _dir?.Dispose();
    }
}

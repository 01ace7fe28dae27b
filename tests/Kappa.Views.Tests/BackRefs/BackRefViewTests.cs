using System.Text.Json;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.TestSupport;
using Kappa.Views.BackRefs;
using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.BackRefs;

/// <summary>The back-references view on a real core and real feeds, with the default map (<see cref="BackRefRows.RefsField"/>).</summary>
public class BackRefViewTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_new_version_replaces_its_parents_references_and_a_fork_keeps_both()
    {
        await using var t = await BackRefCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        var b = await t.Core.WriterAsync("b");
        await a.AppendAsync(new { type = "way", refs = new[] { "n1", "n2" } });
        var root = $"{a.Key}@0";
        Assert.Equal([root], await t.Refs.GetAsync("n1").WaitAsync(Timeout));

        await a.AppendAsync(new { type = "way", refs = new[] { "n2", "n3" }, links = new[] { root } });
        await b.AppendAsync(new { type = "way", refs = new[] { "n2" }, links = new[] { root } });
        Assert.Empty(await t.Refs.GetAsync("n1").WaitAsync(Timeout)); // the superseded version dropped its refs
        Assert.Equal(new[] { $"{a.Key}@1", $"{b.Key}@0" }.Order(KvIdOrder.Instance), await t.Refs.GetAsync("n2"));
        Assert.Equal([$"{a.Key}@1"], await t.Refs.GetAsync("n3"));

        await b.AppendAsync(new { deleted = true, links = new[] { $"{a.Key}@1", $"{b.Key}@0" } }); // a tombstone merges the fork
        Assert.Empty(await t.Refs.GetAsync("n2").WaitAsync(Timeout));
        Assert.Empty(await t.Refs.GetAsync("n3"));
    }

    [Fact]
    public async Task A_link_indexed_before_its_target_still_supersedes_the_target()
    {
        await using var t = await BackRefCore.OpenAsync();
        var a = await t.Core.WriterAsync("a"); // indexed first, but its entry comes last
        var b = await t.Core.WriterAsync("b");
        await b.AppendAsync(new { refs = new[] { "n9" }, links = new[] { $"{a.Key}@0" } });
        Assert.Equal([$"{b.Key}@0"], await t.Refs.GetAsync("n9").WaitAsync(Timeout));
        await a.AppendAsync(new { refs = new[] { "n9", "n8" } });
        Assert.Equal([$"{b.Key}@0"], await t.Refs.GetAsync("n9").WaitAsync(Timeout));
        Assert.Empty(await t.Refs.GetAsync("n8"));
    }

    [Fact]
    public async Task An_unknown_id_is_empty_and_referrers_resolve_to_entries_or_missing()
    {
        await using var t = await BackRefCore.OpenAsync(map: (entry, rows) =>
        {
            var o = entry.Value<JsonElement>();
            rows.Add(new BackRefRow(o.GetProperty("id").GetString()!, ["target"]));
        });
        Assert.Empty(await t.Refs.GetAsync("nothing").WaitAsync(Timeout));
        var a = await t.Core.WriterAsync("a");
        var absent = $"{new string('e', 64)}@3";
        await a.AppendAsync(new { id = absent });
        await a.AppendAsync(new { id = $"{a.Key}@1" });
        var documents = await t.Refs.GetDocumentsAsync("target").WaitAsync(Timeout);
        Assert.Equal(new[] { absent, $"{a.Key}@1" }.Order(KvIdOrder.Instance), documents.Select(d => d.Id));
        Assert.True(documents.Single(d => d.Id == absent).IsMissing);
        Assert.Equal($"{a.Key}@1", documents.Single(d => !d.IsMissing).Value!.Value.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Entries_that_are_not_rows_and_malformed_fields_are_skipped_and_indexing_goes_on()
    {
        await using var t = await BackRefCore.OpenAsync();
        var a = await t.Core.WriterAsync("a");
        await a.AppendBatchAsync(new object[] { 42, "text", new[] { 1 }, new { refs = "n1" }, new { refs = new object[] { 5, "", new { }, "n1" }, links = "x" } });
        await a.AppendAsync(new { refs = new[] { "n1" }, links = new object[] { 5, "not an id", "" } });
        Assert.Equal([$"{a.Key}@4", $"{a.Key}@5"], await t.Refs.GetAsync("n1").WaitAsync(Timeout));
        Assert.Equal(ViewState.Idle, t.Core.GetViewStatus("refs").State);
    }

    [Fact]
    public async Task A_throwing_map_faults_only_its_view()
    {
        await using var t = await BackRefCore.OpenAsync(map: (_, _) => throw new InvalidOperationException("bad map"));
        await using var db = new MemoryViewStore();
        var good = t.Core.Use("good", 1, new BackRefsView(db));
        await (await t.Core.WriterAsync("a")).AppendAsync(new { refs = new[] { "n1" } });
        Assert.Single(await good.GetAsync("n1").WaitAsync(Timeout));
        var error = await Assert.ThrowsAsync<ViewException>(() => t.Refs.GetAsync("n1").WaitAsync(Timeout));
        Assert.Equal(ViewException.MapFailed, error.Code);
    }

    [Fact]
    public async Task References_persist_on_rocksdb_and_a_version_bump_rebuilds_them()
    {
        using var dir = new TempDirectory("backrefs-persist");
        string doc;
        await using (var t = await BackRefCore.OpenAsync(dir.Path))
        {
            var a = await t.Core.WriterAsync("a");
            await a.AppendAsync(new { refs = new[] { "n1" } });
            doc = Assert.Single(await t.Refs.GetAsync("n1").WaitAsync(Timeout));
        }
        await using (var t = await BackRefCore.OpenAsync(dir.Path, version: 1, map: (_, _) => throw new InvalidOperationException("no entry may be mapped again")))
            Assert.Equal([doc], await t.Refs.GetAsync("n1").WaitAsync(Timeout));
        await using (var t = await BackRefCore.OpenAsync(dir.Path, version: 2, map: (e, rows) => rows.Add(new BackRefRow(EntryId.Of(e).ToString(), ["renamed"]))))
        {
            Assert.Empty(await t.Refs.GetAsync("n1").WaitAsync(Timeout));
            Assert.Equal([doc], await t.Refs.GetAsync("renamed"));
        }
    }
}

/// <summary>The README's back-references example, as written there (in a temp directory), gives what its comments say.</summary>
public class BackRefReadmeTests
{
    [Fact]
    public async Task The_readme_example_gives_what_it_says()
    {
        using var dir = new TempDirectory("backrefs-readme");
        await using var core = await Kappa.Core.KappaCore.OpenAsync(Path.Combine(dir.Path, "map"));
        await using var db = RocksDbViewStore.Open(core.ViewDirectory("refs")!);
        var refs = core.Use("refs", 1, new BackRefsView(db));
        var feed = await core.WriterAsync("local");
        await feed.AppendAsync(new { type = "way", refs = new[] { "node1", "node2" } });
        await feed.AppendAsync(new { type = "way", refs = new[] { "node2" }, links = new[] { $"{feed.Key}@0" } });

        IReadOnlyList<string> ways = await refs.GetAsync("node2");
        Assert.Equal([$"{feed.Key}@1"], ways);
        Assert.Empty(await refs.GetAsync("node1"));
        IReadOnlyList<KvHead> docs = await refs.GetDocumentsAsync("node2");
        Assert.Equal("way", Assert.Single(docs).Value!.Value.GetProperty("type").GetString());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var change in refs.WatchAsync("node2", cts.Token))
        {
            Assert.Equal(ways, change.Referrers);
            break;
        }
    }
}

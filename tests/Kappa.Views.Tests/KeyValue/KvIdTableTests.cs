using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Views.KeyValue;
using static Kappa.Views.KeyValue.KvIdTable;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>The view's in-memory id table (<see cref="KvIdTable"/>) and the rule that it never runs ahead of the store.</summary>
public class KvIdTableTests
{
    private static readonly string F = new('f', 64);

    [Fact]
    public void Entry_ids_are_held_exactly_and_other_ids_as_hashes()
    {
        var table = new KvIdTable();
        var a = table.KeyOf(KvIdCodec.Encode(F + "@1"), out var exactA);
        var b = table.KeyOf(KvIdCodec.Encode(F + "@2"), out var exactB);
        var c = table.KeyOf(KvIdCodec.Encode(new string('e', 64) + "@1"), out _);
        table.KeyOf(KvIdCodec.Encode("doc-1"), out var exactText);
        Assert.True(exactA && exactB);
        Assert.False(exactText);
        Assert.Equal(3, new HashSet<ulong> { a, b, c }.Count);
        Assert.Equal(a, table.KeyOf(KvIdCodec.Encode(F + "@1"), out _));
    }

    [Fact]
    public void Flags_survive_growth_and_removal_keeps_the_other_flags()
    {
        const int count = 100_000; // grows from 4096 slots many times
        var table = new KvIdTable();
        var keys = Enumerable.Range(0, count).Select(i => table.KeyOf(KvIdCodec.Encode($"{F}@{i}"), out _)).ToArray();
        for (var i = 0; i < count; i++) table.Add(keys[i], i % 2 == 0 ? Linked | InBatch : Indexed);
        for (var i = 0; i < count; i += 2) table.Remove(keys[i], InBatch);
        for (var i = 0; i < count; i++) Assert.Equal(i % 2 == 0 ? Linked : Indexed, table.Flags(keys[i]));
        Assert.Equal(0UL, table.Flags(table.KeyOf(KvIdCodec.Encode($"{F}@{count}"), out _)));
    }

    [Fact]
    public async Task A_batch_mapped_but_never_committed_leaves_nothing_behind_in_the_table()
    {
        await using var store = new MemoryViewStore();
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, [[new KvRow("k", F + "@1")]]);
        // Mapped, then the commit never happens (a crash of the write, a cancelled batch): the
        // table saw F@1 linked, the store did not. The batch is mapped again and committed.
        var retried = KvTestRows.Entries([new KvRow("k", F + "@2", [F + "@1"])]);
        await ((IView)view).MapAsync(retried, CancellationToken.None);
        await KvTestRows.IndexAsync(view, [[new KvRow("k", F + "@2", [F + "@1"])]]);
        Assert.Equal([F + "@2"], await view.GetHeadsAsync("k"));
    }

    [Fact]
    public async Task A_batch_whose_store_read_fails_halfway_leaves_nothing_behind_in_the_table()
    {
        var failing = new FailingReads(new MemoryViewStore());
        await using var store = failing;
        var view = new KvView(store, KvTestRows.Explicit);
        await KvTestRows.IndexAsync(view, [[new KvRow("k", F + "@1")]]);
        // The first row marks F@1 linked in the table; the second row's key is not cached, its read fails.
        var batch = new[] { new KvRow("k", F + "@2", [F + "@1"]), new KvRow("new", F + "@3") };
        failing.Fail = true;
        await Assert.ThrowsAsync<IOException>(() => KvTestRows.IndexAsync(view, [batch]));
        failing.Fail = false;
        await KvTestRows.IndexAsync(view, [batch]);
        Assert.Equal([F + "@2"], await view.GetHeadsAsync("k"));
        Assert.Equal([F + "@3"], await view.GetHeadsAsync("new"));
    }

    /// <summary>A real store whose point reads fail while <see cref="Fail"/> is set (a disk error in the middle of a batch).</summary>
    private sealed class FailingReads(IViewStore inner, FailingReads? root = null) : IViewStore
    {
        private FailingReads Root => root ?? this;

        public bool Fail { get; set; }

        public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) =>
            Root.Fail ? throw new IOException("read failed") : inner.GetAsync(key, ct);

        public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default) => inner.PutAsync(key, value, ct);

        public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);

        public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default) => inner.WriteAsync(batch, ct);

        public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, CancellationToken ct = default) => inner.ScanAsync(range, ct);

        public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default) => inner.DeleteRangeAsync(range, ct);

        public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => new FailingReads(inner.WithPrefix(prefix), Root);

        public ValueTask DisposeAsync() => root is null ? inner.DisposeAsync() : ValueTask.CompletedTask;
    }
}

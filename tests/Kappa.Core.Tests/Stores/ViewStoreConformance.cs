using Kappa.Core.Stores;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Stores;

/// <summary>One contract for every view store (the dotnet/runtime Channels-tests pattern).</summary>
public abstract class ViewStoreConformance : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new("viewstore");
    protected IViewStore Store { get; private set; } = null!;

    protected abstract IViewStore Open();

    public Task InitializeAsync()
    {
        Store = Open();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        Dir.Dispose();
    }

    private static byte[] B(params byte[] b) => b;

    private async Task<List<byte[]>> Keys(ScanRange? range = null)
    {
        var keys = new List<byte[]>();
        await foreach (var (k, _) in Store.ScanAsync(range)) keys.Add(k);
        return keys;
    }

    [Fact]
    public async Task Missing_keys_read_as_null_and_puts_overwrite()
    {
        Assert.Null(await Store.GetAsync(B(1)));
        await Store.PutAsync(B(1), B(10));
        await Store.PutAsync(B(1), B(11));
        Assert.Equal(B(11), await Store.GetAsync(B(1)));
        await Store.DeleteAsync(B(1));
        await Store.DeleteAsync(B(1));
        Assert.Null(await Store.GetAsync(B(1)));
    }

    [Fact]
    public async Task Binary_keys_are_ordered_bytewise_unsigned()
    {
        byte[][] keys = [B(0xFF), B(0), B(0, 0), B(1), B(0x80), B(1, 0xFF), B(), B(0xFF, 0)];
        foreach (var k in keys) await Store.PutAsync(k, k);
        var ordered = keys.Order(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        Assert.Equal(ordered, await Keys());
        Assert.Equal(Enumerable.Reverse(ordered), await Keys(new ScanRange { Reverse = true }));
    }

    [Fact]
    public async Task Scans_respect_bounds_prefix_direction_and_limit()
    {
        for (byte i = 0; i < 10; i++) await Store.PutAsync(B(1, i), B(i));
        await Store.PutAsync(B(2), B(99));
        Assert.Equal(Enumerable.Range(3, 4).Select(i => B(1, (byte)i)), await Keys(new ScanRange { Start = B(1, 3), End = B(1, 7) }));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => B(1, (byte)i)), await Keys(ScanRange.WithPrefix(B(1))));
        Assert.Equal([B(1, 9), B(1, 8)], await Keys(new ScanRange { Prefix = B(1), Reverse = true, Limit = 2 }));
        Assert.Equal([B(1, 6), B(1, 5)], await Keys(new ScanRange { Start = B(1, 3), End = B(1, 7), Reverse = true, Limit = 2 }));
        Assert.Empty(await Keys(new ScanRange { Start = B(5), End = B(3) }));
        Assert.Empty(await Keys(ScanRange.WithPrefix(B(3))));
    }

    [Fact]
    public async Task A_batch_applies_all_its_operations_in_order()
    {
        await Store.PutAsync(B(9), B(9));
        var batch = new ViewStoreBatch().Put(B(1), B(1)).Put(B(2), B(2)).Delete(B(9)).Put(B(1), B(3));
        await Store.WriteAsync(batch);
        Assert.Equal(B(3), await Store.GetAsync(B(1)));
        Assert.Equal(B(2), await Store.GetAsync(B(2)));
        Assert.Null(await Store.GetAsync(B(9)));
    }

    [Fact]
    public async Task A_scan_sees_a_snapshot_while_writes_continue()
    {
        for (var i = 0; i < 600; i++) await Store.PutAsync(BitConverter.GetBytes(i).Reverse().ToArray(), B(1));
        var seen = 0;
        await foreach (var (k, _) in Store.ScanAsync())
        {
            if (seen++ % 50 == 0) await Store.PutAsync(B(0xFF, (byte)seen, 1), B(2)); // beyond every scanned key
        }
        Assert.Equal(600, seen);
    }

    [Fact]
    public async Task Delete_range_removes_exactly_the_range()
    {
        for (byte i = 0; i < 5; i++) await Store.PutAsync(B(1, i), B(i));
        await Store.PutAsync(B(2), B(2));
        await Store.DeleteRangeAsync(new ScanRange { Start = B(1, 1), End = B(1, 4) });
        Assert.Equal([B(1, 0), B(1, 4), B(2)], await Keys());
        await Store.DeleteRangeAsync();
        Assert.Empty(await Keys());
    }

    [Fact]
    public async Task Parallel_writers_lose_no_update()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++) await Store.WriteAsync(new ViewStoreBatch().Put(B((byte)w, (byte)i), B(1)).Put(B(0xEE, (byte)w), B((byte)i)));
        })));
        Assert.Equal(800 + 8, (await Keys()).Count);
    }

    [Fact]
    public async Task A_prefixed_view_confines_keys_and_scans()
    {
        var a = Store.WithPrefix("a!"u8);
        var b = Store.WithPrefix("b!"u8);
        await a.PutAsync(B(1), B(1));
        await b.PutAsync(B(1), B(2));
        await a.WithPrefix("x"u8).PutAsync(B(3), B(3));
        Assert.Equal(B(1), await a.GetAsync(B(1)));
        var inA = new List<byte[]>();
        await foreach (var (k, _) in a.ScanAsync()) inA.Add(k);
        Assert.Equal([B(1), [(byte)'x', 3]], inA);
        await a.DeleteRangeAsync();
        Assert.Null(await a.GetAsync(B(1)));
        Assert.Equal(B(2), await b.GetAsync(B(1)));
    }

    [Fact]
    public async Task Using_a_disposed_store_is_a_typed_error()
    {
        await Store.DisposeAsync();
        var e = await Assert.ThrowsAsync<ViewStoreException>(async () => await Store.GetAsync(B(1)));
        Assert.Equal(ViewStoreException.Closed, e.Code);
        Store = Open();
    }
}

public sealed class MemoryViewStoreConformance : ViewStoreConformance
{
    protected override IViewStore Open() => new MemoryViewStore();
}

public sealed class RocksDbViewStoreConformance : ViewStoreConformance
{
    protected override IViewStore Open() => RocksDbViewStore.Open(Dir.Combine("db-" + Guid.NewGuid().ToString("N")[..6]));

    [Fact]
    public async Task Data_survives_reopening_and_a_second_opener_is_refused()
    {
        var path = Dir.Combine("persist");
        await using (var db = RocksDbViewStore.Open(path))
        {
            await db.WriteAsync(new ViewStoreBatch().Put([1], [2]));
            var e = Assert.Throws<ViewStoreException>(() => RocksDbViewStore.Open(path));
            Assert.Equal(ViewStoreException.Locked, e.Code);
        }
        await using var again = RocksDbViewStore.Open(path);
        Assert.Equal(new byte[] { 2 }, await again.GetAsync(new byte[] { 1 }));
    }

    [Fact]
    public async Task Preload_from_several_threads_at_once_creates_no_file_and_opening_works_after_it()
    {
        var directory = Dir.Combine("preload");
        Directory.CreateDirectory(directory);
        var cwd = Directory.GetFiles(Environment.CurrentDirectory);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RocksDbViewStore.Preload)));
        RocksDbViewStore.Preload();
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        Assert.Equal(cwd, Directory.GetFiles(Environment.CurrentDirectory));
        Assert.False(Directory.Exists("/kappa-preload")); // the in-memory database's name, never a directory
        await using var db = RocksDbViewStore.Open(directory);
        await db.PutAsync(new byte[] { 1 }, new byte[] { 2 });
        Assert.Equal(new byte[] { 2 }, await db.GetAsync(new byte[] { 1 }));
    }
}

public sealed class PrefixedMemoryViewStoreConformance : ViewStoreConformance
{
    private readonly MemoryViewStore _root = new();

    protected override IViewStore Open() => new OwningPrefix(_root, "view!"u8.ToArray());
}

public sealed class PrefixedRocksDbViewStoreConformance : ViewStoreConformance
{
    protected override IViewStore Open() => new OwningPrefix(RocksDbViewStore.Open(Dir.Combine("p-" + Guid.NewGuid().ToString("N")[..6])), "view!"u8.ToArray());
}

/// <summary>A prefixed view that also closes its store (so the dispose test applies).</summary>
internal sealed class OwningPrefix(IViewStore root, byte[] prefix) : IViewStore
{
    private readonly IViewStore _view = root.WithPrefix(prefix);
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => _view.GetAsync(key, ct);
    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default) => _view.PutAsync(key, value, ct);
    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => _view.DeleteAsync(key, ct);
    public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default) => _view.WriteAsync(batch, ct);
    public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, CancellationToken ct = default) => _view.ScanAsync(range, ct);
    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default) => _view.DeleteRangeAsync(range, ct);
    public IViewStore WithPrefix(ReadOnlySpan<byte> p) => _view.WithPrefix(p);
    public ValueTask DisposeAsync() => root.DisposeAsync();
}

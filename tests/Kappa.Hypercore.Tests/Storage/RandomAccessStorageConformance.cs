using Kappa.Hypercore.Storage;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Storage;

/// <summary>One contract, every implementation (file, RAM): the random-access-storage semantics feeds rely on.</summary>
public abstract class RandomAccessStorageConformance : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    protected abstract IStorageProvider NewProvider();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void A_file_does_not_exist_until_written_and_reads_nothing()
    {
        var f = NewProvider().Open("x");
        Assert.False(f.Exists);
        Assert.Equal(0, f.Length);
        Assert.Equal(0, f.Read(0, new byte[4]));
    }

    [Fact]
    public void Writing_past_the_end_zero_fills_the_gap()
    {
        var f = NewProvider().Open("x");
        f.Write(10, [1, 2, 3]);
        Assert.True(f.Exists);
        Assert.Equal(13, f.Length);
        var all = new byte[13];
        Assert.Equal(13, f.Read(0, all));
        Assert.Equal(new byte[10].Concat(new byte[] { 1, 2, 3 }), all);
    }

    [Fact]
    public void A_read_across_the_end_returns_the_bytes_that_exist()
    {
        var f = NewProvider().Open("x");
        f.Write(0, [1, 2, 3]);
        var buf = new byte[8];
        Assert.Equal(2, f.Read(1, buf));
        Assert.Equal(new byte[] { 2, 3 }, buf[..2]);
        Assert.Equal(0, f.Read(100, buf));
    }

    [Fact]
    public void Overwrites_truncate_and_delete_behave_like_a_file()
    {
        var f = NewProvider().Open("x");
        f.Write(0, [1, 2, 3, 4]);
        f.Write(1, [9]);
        f.Truncate(3);
        var buf = new byte[4];
        Assert.Equal(3, f.Read(0, buf));
        Assert.Equal(new byte[] { 1, 9, 3, 0 }, buf);
        f.Flush();
        f.Delete();
        Assert.False(f.Exists);
        Assert.Equal(0, f.Length);
    }

    [Fact]
    public async Task Reopening_a_name_sees_the_same_bytes()
    {
        var p = NewProvider();
        var f = p.Open("a");
        f.Write(0, [7, 7]);
        await f.DisposeAsync();
        var again = p.Open("a");
        var buf = new byte[2];
        Assert.Equal(2, again.Read(0, buf));
        Assert.Equal(new byte[] { 7, 7 }, buf);
    }

    [Fact]
    public void Concurrent_writes_at_different_offsets_all_land()
    {
        var f = NewProvider().Open("x");
        Parallel.For(0, 64, i => f.Write(i * 16, Enumerable.Repeat((byte)i, 16).ToArray()));
        var all = new byte[64 * 16];
        Assert.Equal(all.Length, f.Read(0, all));
        for (var i = 0; i < 64; i++) Assert.All(all.AsSpan(i * 16, 16).ToArray(), b => Assert.Equal((byte)i, b));
    }
}

public sealed class FileStorageConformance : RandomAccessStorageConformance
{
    protected override IStorageProvider NewProvider() => new DirectoryStorageProvider(Dir.Combine("feed-" + Guid.NewGuid().ToString("N")[..6]));
}

public sealed class RamStorageConformance : RandomAccessStorageConformance
{
    protected override IStorageProvider NewProvider() => new RamStorageProvider();
}

using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Tests.Storage;

public class TreeNodeCacheTests
{
    // A node whose every hash byte and size derive from its index: a torn copy (half of one node, half of another) cannot pass Check.
    private static TreeNode NodeFor(ulong index)
    {
        var hash = default(Hash32);
        ((Span<byte>)hash).Fill((byte)(index * 31 + 7));
        return new TreeNode(index, hash, index * 3 + 1);
    }

    private static bool Intact(in TreeNode node) =>
        node.Size == node.Index * 3 + 1 && ((ReadOnlySpan<byte>)node.Hash).IndexOfAnyExcept((byte)(node.Index * 31 + 7)) < 0;

    [Fact]
    public void A_node_put_is_found_by_its_index_until_cleared()
    {
        var cache = new TreeNodeCache();
        Assert.False(cache.TryGet(0, out _)); // an empty slot is not node 0
        cache.Put(NodeFor(0));
        cache.Put(NodeFor(41));
        Assert.True(cache.TryGet(41, out var node));
        Assert.True(node.SameAs(NodeFor(41)));
        Assert.True(cache.TryGet(0, out node));
        Assert.True(node.SameAs(NodeFor(0)));
        Assert.False(cache.TryGet(42, out _));
        cache.Clear();
        Assert.False(cache.TryGet(0, out _));
        Assert.False(cache.TryGet(41, out _));
    }

    [Fact]
    public async Task Readers_racing_writers_on_the_same_slots_never_see_a_torn_or_wrong_node()
    {
        var seed = Environment.TickCount;
        var cache = new TreeNodeCache();
        using var stop = new CancellationTokenSource();
        long hits = 0, bad = 0;
        // Few distinct indices over 1024 slots: writers keep overwriting the slots readers read.
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            var random = new Random(seed + w);
            while (!stop.IsCancellationRequested) cache.Put(NodeFor((ulong)random.Next(4096)));
        })).ToArray();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var random = new Random(seed + 10 + r);
            while (!stop.IsCancellationRequested)
            {
                var index = (ulong)random.Next(4096);
                if (!cache.TryGet(index, out var node)) continue;
                Interlocked.Increment(ref hits);
                if (node.Index != index || !Intact(node)) Interlocked.Increment(ref bad);
            }
        })).ToArray();
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll([.. writers, .. readers]);
        Assert.True(bad == 0, $"{bad} torn or wrong nodes in {hits} hits (seed {seed})");
        Assert.True(hits > 0, $"no reader ever hit (seed {seed})");
    }
}

using System.Net;
using System.Net.Sockets;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Views;

public class ReplicatedIndexingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Blocks_beyond_a_hole_are_indexed_and_the_hole_is_indexed_when_it_fills()
    {
        await using var source = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { KeyPair = KeyPair.FromSeed(new byte[32]), ValueEncoding = ValueEncoding.Json });
        await source.AppendBatchAsync(Enumerable.Range(0, 8));
        await using var core = KappaCore.Create(await FeedStore.OpenAsync(new RamStoreStorage()));
        var view = new RecordingView(maxBatch: 3);
        core.Use("v", view);
        var copy = await core.Store.AddRemoteFeedAsync(source.Key);
        var remoteTree = new SparseBitSet();
        void Deliver(params int[] blocks)
        {
            foreach (var b in blocks)
            {
                Assert.True(source.TryBuildProof((ulong)b, copy.Digest((ulong)b), remoteTree, out var proof));
                copy.Put((ulong)b, proof!.Value.Span, proof.Nodes, proof.Signature);
            }
        }

        Deliver(0, 1, 5, 6, 7);
        await core.ReadyAsync("v").WaitAsync(Timeout);
        Assert.Equal([0L, 1, 5, 6, 7], view.Batches.SelectMany(b => b).Select(e => e.Seq).Order());
        Deliver(3, 2, 4);
        await core.ReadyAsync("v").WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), view.Batches.SelectMany(b => b).Select(e => e.Seq).Order());
        Assert.Equal(8, view.MappedEntries); // nothing mapped twice
    }

    [JsFact]
    public async Task Entries_replicated_from_a_js_peer_are_indexed_next_to_local_ones()
    {
        using var dir = new TempDirectory("js-index");
        var jsStore = dir.Combine("js");
        (await JsReference.RunAsync(["append", "--store", jsStore, "--writer", "js", "10", "20", "\"text\"", "12.5"], timeout: Timeout)).EnsureSuccess();
        await using var core = await KappaCore.OpenAsync(dir.Combine("cs"));
        var sum = core.Use("sum", 1, new SumView(new MemoryViewStore()));
        await (await core.WriterAsync("local")).AppendBatchAsync(new[] { 1, 2 });
        Assert.Equal(3, await sum.GetAsync().WaitAsync(Timeout));

        await using var js = JsReference.Start(["replicate", "--store", jsStore, "--listen", "0"]);
        var port = await js.WaitForListeningAsync(Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await core.Store.ReplicateAsync(socket, isInitiator: true).WaitAsync(Timeout);

        Assert.Equal(45.5, await sum.GetAsync().WaitAsync(Timeout));
        Assert.Equal(5, await sum.CountAsync());
    }
}

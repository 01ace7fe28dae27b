using System.Text.Json;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tests.Crypto;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Feeds;

public class FeedVectorTests
{
    private static readonly JsonElement V = Vectors.Load("crypto.json");

    [Fact]
    public async Task Appending_one_by_one_gives_the_roots_signatures_and_tree_of_hypercore_8()
    {
        var f = V.GetProperty("feed");
        var storage = new RamStorageProvider();
        await using var feed = await Feed.OpenAsync(storage, new FeedOptions { KeyPair = KeyPair.FromSeed(f.HexProp("writerSeed")), ValueEncoding = ValueEncoding.Json });
        Assert.Equal(f.Str("publicKey"), feed.Key.ToString());
        Assert.Equal(f.Str("discoveryKey"), Vectors.Hex(feed.DiscoveryKey));

        foreach (var step in f.GetProperty("appendedOneByOne").EnumerateArray())
        {
            var seq = await feed.AppendAsync(step.GetProperty("value"));
            Assert.Equal(step.Num("lengthAfter") - 1, seq);
            Assert.Equal(step.Num("lengthAfter"), feed.Length);
            Assert.Equal(step.Num("byteLengthAfter"), feed.ByteLength);
            Assert.Equal(step.Str("encodedHex"), Vectors.Hex((await feed.GetRawAsync(seq)).Span));
            var roots = step.GetProperty("roots").EnumerateArray().Select(CryptoVectorTests.Node).ToArray();
            Assert.Equal(roots.Select(r => r.ToString()), feed.Roots.Select(r => r.ToString()));
            var sig = new byte[64];
            await feed.FlushAsync(); // the signature trails the append (Feed.Signing.cs); a flush settles it
            storage.Open("signatures").Read(32 + 64 * step.Num("signatureIndex"), sig);
            Assert.Equal(step.Str("signature"), Vectors.Hex(sig));
        }

        var tree = storage.Open("tree");
        foreach (var n in f.GetProperty("treeNodesAfterAll").EnumerateArray())
        {
            var slot = new byte[40];
            tree.Read(32 + 40 * n.Num("index"), slot);
            if (n.TryGetProperty("missing", out _))
            {
                Assert.All(slot, b => Assert.Equal(0, b));
                continue;
            }
            Assert.Equal(n.Str("hash"), Vectors.Hex(slot.AsSpan(0, 32)));
            Assert.Equal((ulong)n.Num("size"), System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(slot.AsSpan(32)));
        }
    }

    [Fact]
    public async Task A_batch_append_signs_only_its_last_block()
    {
        var f = V.GetProperty("feed");
        var storage = new RamStorageProvider();
        await using var feed = await Feed.OpenAsync(storage, new FeedOptions { KeyPair = KeyPair.FromSeed(f.HexProp("writerSeed")), ValueEncoding = ValueEncoding.Json });
        var values = f.GetProperty("appendedOneByOne").EnumerateArray().Take(3).Select(s => s.GetProperty("value")).ToList();
        Assert.Equal(0, await feed.AppendBatchAsync(values));
        await feed.FlushAsync();
        var file = storage.Open("signatures");
        var bytes = new byte[file.Length];
        file.Read(0, bytes);
        Assert.Equal(V.GetProperty("batchAppend").Str("signaturesFileHex"), Vectors.Hex(bytes));
    }
}

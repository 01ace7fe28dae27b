using System.Text.Json;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Feeds;

public class ProofExchangeTests
{
    private static readonly JsonElement Proofs = Vectors.Load("proofs.json");

    public static TheoryData<int> Scenarios()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Proofs.GetProperty("scenarios").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_downloader_verifies_every_block_and_ends_with_hypercores_tree(int scenario)
    {
        var s = Proofs.GetProperty("scenarios")[scenario];
        var seed = Enumerable.Repeat((byte)s.Num("writerSeedByte"), 32).ToArray();
        await using var uploader = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { KeyPair = KeyPair.FromSeed(seed) });
        Assert.Equal(s.Str("publicKey"), uploader.Key.ToString());
        await uploader.AppendRawBatchAsync(s.GetProperty("blocksUtf8").EnumerateArray().Select(b => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes(b.GetString()!)).ToList());

        await using var receiver = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { Key = uploader.Key });
        var remoteTree = new SparseBitSet();
        foreach (var step in s.GetProperty("steps").EnumerateArray())
        {
            var index = (ulong)step.Num("index");
            var digest = receiver.Digest(index);
            Assert.Equal((ulong)step.Num("requestNodesDigest"), digest);
            Assert.True(uploader.TryBuildProof(index, digest, remoteTree, out var proof));
            Assert.Equal(step.GetProperty("proofNodes").EnumerateArray().Select(n => n.Str("hash")), proof!.Nodes.Select(n => Vectors.Hex(n.Hash)));
            Assert.Equal(step.GetProperty("signature").ValueKind == JsonValueKind.Null ? null : step.Str("signature"), proof.Signature is null ? null : Vectors.Hex(proof.Signature));

            Assert.True(receiver.Put(index, proof.Value.Span, proof.Nodes, proof.Signature));
            Assert.Equal(step.Num("receiverLengthAfter"), receiver.Length);
            var expectedNodes = step.GetProperty("receiverTreeNodesAfter").EnumerateArray().Select(n => n.GetUInt64()).ToHashSet();
            for (ulong n = 0; n < 4 * (ulong)s.Num("length"); n++) Assert.Equal(expectedNodes.Contains(n), receiver.TreeBits.Get(n));
            Assert.Equal(proof.Value.ToArray(), (await receiver.GetRawAsync((long)index)).ToArray());
        }
        Assert.True((await receiver.VerifyAsync()).IsValid);
    }

    [Fact]
    public async Task A_changed_byte_a_wrong_proof_node_or_a_forged_signature_is_rejected_and_nothing_is_stored()
    {
        await using var uploader = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { KeyPair = KeyPair.FromSeed(new byte[32]) });
        await uploader.AppendRawBatchAsync(Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i, 1, 2, 3 }).ToList());

        var storage = new RamStorageProvider();
        await using var receiver = await Feed.OpenAsync(storage, new FeedOptions { Key = uploader.Key });
        Assert.True(uploader.TryBuildProof(2, 0, new SparseBitSet(), out var proof));

        var changed = proof!.Value.ToArray();
        changed[0] ^= 1;
        AssertRejected(receiver, () => receiver.Put(2, changed, proof.Nodes, proof.Signature));

        var wrongNode = proof.Nodes.ToArray();
        var hash = wrongNode[0].Hash;
        hash[5] ^= 0xFF;
        wrongNode[0] = new TreeNode(wrongNode[0].Index, hash, wrongNode[0].Size);
        AssertRejected(receiver, () => receiver.Put(2, proof.Value.Span, wrongNode, proof.Signature));

        var forged = proof.Signature!.ToArray();
        forged[10] ^= 0x40;
        AssertRejected(receiver, () => receiver.Put(2, proof.Value.Span, proof.Nodes, forged));
        AssertRejected(receiver, () => receiver.Put(2, proof.Value.Span, proof.Nodes, default));
        AssertRejected(receiver, () => receiver.Put(2, proof.Value.Span, proof.Nodes.Take(1).ToArray(), proof.Signature));

        Assert.Equal(0, storage.Open("data").Length);
        Assert.True(receiver.Put(2, proof.Value.Span, proof.Nodes, proof.Signature));
        Assert.Equal(5, receiver.Length);
    }

    private static void AssertRejected(Feed receiver, Action put)
    {
        var e = Assert.Throws<FeedException>(put);
        Assert.Equal(FeedException.VerificationFailed, e.Code);
        Assert.Equal(0, receiver.Length);
        Assert.False(receiver.Has(2));
    }
}

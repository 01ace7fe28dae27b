using System.Text.Json;
using Kappa.Hypercore.Tree;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Tree;

public class TreeIndexTests
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
    public void Digest_and_proof_match_hypercore_8_for_every_step(int scenario)
    {
        var s = Proofs.GetProperty("scenarios")[scenario];
        var length = (ulong)s.Num("length");
        var uploader = new SparseBitSet();
        for (ulong b = 0; b < length; b++) TreeIndex.Set(uploader, 2 * b);
        var remoteTree = new SparseBitSet();

        foreach (var step in s.GetProperty("steps").EnumerateArray())
        {
            var index = (ulong)step.Num("index");
            var receiver = new SparseBitSet();
            foreach (var n in step.GetProperty("receiverTreeNodesBefore").EnumerateArray()) receiver.Set(n.GetUInt64());

            var digest = TreeIndex.Digest(receiver, 2 * index);
            Assert.Equal((ulong)step.Num("requestNodesDigest"), digest);

            var nodes = new List<ulong>();
            Assert.True(TreeIndex.Proof(uploader, 2 * index, digest, remoteTree, nodes, out var verifiedBy));
            var expected = step.GetProperty("proofNodes").EnumerateArray().Select(n => (ulong)n.Num("index")).ToArray();
            Assert.Equal(expected, nodes);
            Assert.Equal(step.GetProperty("signature").ValueKind != JsonValueKind.Null, verifiedBy != 0);
            if (verifiedBy != 0) Assert.Equal(length, verifiedBy / 2);

            var remoteAfter = step.GetProperty("uploaderRemoteTreeAfter").EnumerateArray().Select(n => n.GetUInt64()).ToHashSet();
            for (ulong n = 0; n < 4 * length; n++) Assert.Equal(remoteAfter.Contains(n), remoteTree.Get(n));
        }
    }

    [Fact]
    public void Length_is_derived_from_tree_bits_as_hypercore_blocks_does()
    {
        foreach (var c in Proofs.GetProperty("lengthFromTreeBits").EnumerateArray())
        {
            var bits = new SparseBitSet();
            foreach (var n in c.GetProperty("treeBits").EnumerateArray()) bits.Set(n.GetUInt64());
            Assert.Equal((ulong)c.Num("blocks"), TreeIndex.Blocks(bits));
        }
    }

    [Fact]
    public void An_empty_tree_has_length_zero_and_no_proof()
    {
        var bits = new SparseBitSet();
        Assert.Equal(0UL, TreeIndex.Blocks(bits));
        Assert.False(TreeIndex.Proof(bits, 0, 0, new SparseBitSet(), [], out _));
    }
}

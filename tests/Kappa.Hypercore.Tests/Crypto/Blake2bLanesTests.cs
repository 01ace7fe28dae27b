using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Tests.Crypto;

public class Blake2bLanesTests
{
    [Fact]
    public void Four_lane_hashes_equal_libsodium_for_lengths_across_block_boundaries()
    {
        const int seed = 16_0001;
        var random = new Random(seed);
        // Lengths chosen around the 128-byte block edges (the head adds 9 bytes), so every lane
        // group mixes lengths that need the same number of compressions.
        int[][] groups = [[0, 1, 31, 119], [32, 32, 32, 32], [120, 200, 247, 130], [248, 300, 375, 249], [1024, 1024, 1016, 1100], [4000, 4001, 4002, 3960]];
        foreach (var lengths in groups)
        {
            var bodies = lengths.Select(l => { var b = new byte[l]; random.NextBytes(b); return b; }).ToArray();
            var heads = new byte[64];
            random.NextBytes(heads);
            var lanes = new byte[128];
            Blake2bLanes.Hash4(heads, 9, bodies[0], bodies[1], bodies[2], bodies[3], lanes);
            for (var j = 0; j < 4; j++)
            {
                var expected = new byte[32];
                Sodium.GenericHashParts(expected, heads.AsSpan(16 * j, 9), bodies[j]);
                Assert.True(expected.AsSpan().SequenceEqual(lanes.AsSpan(32 * j, 32)),
                    $"seed {seed}: lane {j} of lengths [{string.Join(", ", lengths)}] differs from libsodium");
            }
        }
    }

    [Fact]
    public void Leaves_of_a_run_with_mixed_sizes_equal_one_by_one_leaf_hashes()
    {
        const int seed = 16_0002;
        var random = new Random(seed);
        var sizes = Enumerable.Range(0, 203).Select(i => i % 37 == 0 ? random.Next(100, 3000) : random.Next(0, 64)).ToArray();
        var offsets = new int[sizes.Length + 1];
        for (var i = 0; i < sizes.Length; i++) offsets[i + 1] = offsets[i] + sizes[i];
        var data = new byte[offsets[^1]];
        random.NextBytes(data);
        var leaves = new TreeNode[sizes.Length];
        MerkleHash.Leaves(10, data, offsets, leaves);
        for (var i = 0; i < sizes.Length; i++)
        {
            var one = MerkleHash.Leaf(10 + 2 * (ulong)i, data.AsSpan(offsets[i], sizes[i]));
            Assert.True(one.SameAs(leaves[i]), $"seed {seed}: leaf {i} ({sizes[i]} bytes) differs: {leaves[i]} != {one}");
        }
    }
}

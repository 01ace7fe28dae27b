using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Tests.Tree;

public class TreeGrowthTests
{
    [Fact]
    public void Level_by_level_growth_makes_the_nodes_and_roots_of_one_leaf_at_a_time_growth()
    {
        const int seed = 16_0003;
        var random = new Random(seed);
        var streamRoots = new List<TreeNode>();
        TreeNode[] roots = [];
        ulong length = 0;
        // Batch sizes from 1 to 300, so every old length meets new leaves at every alignment.
        for (var round = 0; round < 60; round++)
        {
            var k = round % 3 == 0 ? 1 : random.Next(1, 300);
            var leaves = new TreeNode[k];
            var expected = new List<TreeNode>();
            for (var j = 0; j < k; j++)
            {
                var data = new byte[random.Next(0, 40)];
                random.NextBytes(data);
                leaves[j] = MerkleHash.Leaf(2 * (length + (ulong)j), data);
                // merkle-tree-stream 2: push the leaf, then merge the two last roots while they are siblings.
                streamRoots.Add(leaves[j]);
                while (streamRoots.Count >= 2 && FlatTree.Sibling(streamRoots[^1].Index) == streamRoots[^2].Index)
                {
                    var parent = MerkleHash.Parent(streamRoots[^2], streamRoots[^1]);
                    streamRoots.RemoveRange(streamRoots.Count - 2, 2);
                    streamRoots.Add(parent);
                    expected.Add(parent);
                }
            }
            var buffer = new TreeNode[TreeGrowth.MaxParents(k)];
            roots = TreeGrowth.Grow(roots, length, leaves, buffer, out var parentCount);
            var parents = buffer.AsSpan(0, parentCount).ToArray();
            length += (ulong)k;
            var message = $"seed {seed}: round {round}, {k} leaves onto length {length - (ulong)k}";
            Assert.True(expected.OrderBy(n => n.Index).Select(n => n.ToString()).SequenceEqual(parents.OrderBy(n => n.Index).Select(n => n.ToString())), message + ": parents differ");
            Assert.True(streamRoots.Select(n => n.ToString()).SequenceEqual(roots.Select(n => n.ToString())), message + ": roots differ");
        }
    }
}

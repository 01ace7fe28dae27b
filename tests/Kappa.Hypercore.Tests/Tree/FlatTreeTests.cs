using Kappa.Hypercore.Tree;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Tree;

public class FlatTreeTests
{
    [Fact]
    public void Every_function_matches_flat_tree_1_13_on_the_vector_table()
    {
        var rows = Vectors.Load("crypto.json").GetProperty("flatTree");
        Assert.True(rows.GetArrayLength() > 10);
        foreach (var row in rows.EnumerateArray())
        {
            var i = (ulong)row.Num("index");
            Assert.Equal(row.Num("depth"), FlatTree.Depth(i));
            Assert.Equal((ulong)row.Num("offset"), FlatTree.Offset(i));
            Assert.Equal((ulong)row.Num("parent"), FlatTree.Parent(i));
            Assert.Equal((ulong)row.Num("sibling"), FlatTree.Sibling(i));
            Assert.Equal(row.Num("leftChild"), FlatTree.LeftChild(i));
            Assert.Equal(row.Num("rightChild"), FlatTree.RightChild(i));
            Assert.Equal((ulong)row.Num("leftSpan"), FlatTree.LeftSpan(i));
            Assert.Equal((ulong)row.Num("rightSpan"), FlatTree.RightSpan(i));
        }
    }

    [Fact]
    public void Full_roots_match_for_every_length_in_the_vectors()
    {
        foreach (var kv in Vectors.Load("crypto.json").GetProperty("fullRootsByLength").EnumerateObject())
        {
            var expected = kv.Value.EnumerateArray().Select(e => e.GetUInt64()).ToArray();
            Assert.Equal(expected, FlatTree.FullRoots(2 * ulong.Parse(kv.Name, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}

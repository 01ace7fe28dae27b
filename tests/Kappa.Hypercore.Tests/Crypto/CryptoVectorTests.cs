using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Tree;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Crypto;

public class CryptoVectorTests
{
    private static readonly System.Text.Json.JsonElement V = Vectors.Load("crypto.json");

    [Fact]
    public void Seed_key_pairs_and_discovery_keys_match_hypercore_crypto()
    {
        foreach (var kp in V.GetProperty("keyPairs").EnumerateArray())
        {
            var pair = KeyPair.FromSeed(kp.HexProp("seed"));
            Assert.Equal(kp.Str("publicKey"), Vectors.Hex(pair.PublicKey));
            Assert.Equal(kp.Str("secretKey"), Vectors.Hex(pair.SecretKey));
            Assert.Equal(kp.Str("discoveryKey"), Vectors.Hex(Discovery.DiscoveryKey(pair.PublicKey)));
        }
    }

    [Fact]
    public void Multifeed_default_key_has_the_published_discovery_key()
    {
        var d = V.GetProperty("multifeedDefaultEncryptionKey");
        Assert.Equal(d.Str("discoveryKey"), Vectors.Hex(Discovery.DiscoveryKey(d.HexProp("key"))));
    }

    [Fact]
    public void Leaf_hashes_match_including_the_empty_block()
    {
        foreach (var l in V.GetProperty("leafHashes").EnumerateArray())
        {
            var data = l.TryGetProperty("dataHex", out var hex)
                ? Vectors.Hex(hex.GetString()!)
                : System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(l.GetProperty("dataUtf8Repeat").Str("char"), (int)l.GetProperty("dataUtf8Repeat").Num("count"))));
            var node = MerkleHash.Leaf(0, data);
            Assert.Equal(l.Str("hash"), Vectors.Hex(node.Hash));
            Assert.Equal((ulong)l.Num("size"), node.Size);
        }
    }

    [Fact]
    public void Parent_hash_puts_the_lower_index_first_whatever_the_argument_order()
    {
        var p = V.GetProperty("parentExample");
        var left = Node(p.GetProperty("left"));
        var right = Node(p.GetProperty("right"));
        foreach (var parent in new[] { MerkleHash.Parent(left, right), MerkleHash.Parent(right, left) })
        {
            Assert.Equal((ulong)p.Num("parentIndex"), parent.Index);
            Assert.Equal((ulong)p.Num("parentSize"), parent.Size);
            Assert.Equal(p.Str("parentHash"), Vectors.Hex(parent.Hash));
        }
    }

    [Fact]
    public void Feed_key_round_trips_through_hex_and_rejects_bad_input()
    {
        var key = new FeedKey(Vectors.Hex("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"));
        Assert.Equal(key, FeedKey.Parse(key.ToString().ToUpperInvariant()));
        Assert.False(FeedKey.TryParse("xyz", out _));
        Assert.False(FeedKey.TryParse(new string('g', 64), out _));
        Assert.Throws<FormatException>(() => FeedKey.Parse("00"));
    }

    internal static TreeNode Node(System.Text.Json.JsonElement e) =>
        new((ulong)e.Num("index"), Hash32.From(e.HexProp("hash")), (ulong)e.Num("size"));
}

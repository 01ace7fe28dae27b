using BenchmarkDotNet.Attributes;
using Kappa.Hypercore.Tree;

namespace Kappa.MicroBench;

/// <summary>BLAKE2b leaf and parent hashes of the Merkle tree (hypercore-crypto.md): the cost of every appended and verified block.</summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private byte[] _block = [];
    private TreeNode _left, _right;

    [Params(32, 1024)]
    public int BlockSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _block = new byte[BlockSize];
        new Random(1).NextBytes(_block);
        _left = MerkleHash.Leaf(0, _block);
        _right = MerkleHash.Leaf(2, _block);
    }

    [Benchmark]
    public ulong LeafHash() => MerkleHash.Leaf(4, _block).Size;

    [Benchmark]
    public ulong ParentHash() => MerkleHash.Parent(_left, _right).Size;
}

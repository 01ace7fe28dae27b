using BenchmarkDotNet.Attributes;
using Kappa.Hypercore;
using Kappa.Hypercore.Storage;

namespace Kappa.MicroBench;

/// <summary>
/// Tree update as append does it: a batch of 1000 32-byte entries onto a feed in RAM — leaf
/// hashes, root merges, node writes, one signature, bitfield. Per operation = one batch.
/// </summary>
[MemoryDiagnoser]
public class TreeUpdateBenchmarks
{
    private Feed _feed = null!;
    private byte[][] _batch = [];

    [GlobalSetup]
    public void Setup()
    {
        _feed = Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { ValueEncoding = ValueEncoding.Binary }).AsTask().GetAwaiter().GetResult();
        var random = new Random(1);
        _batch = Enumerable.Range(0, 1000).Select(_ => { var b = new byte[32]; random.NextBytes(b); return b; }).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _feed.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = 1000)]
    public async Task AppendBatchOf1000() => await _feed.AppendBatchAsync(_batch);
}

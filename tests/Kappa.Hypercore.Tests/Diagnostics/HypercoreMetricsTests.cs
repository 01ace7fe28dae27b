using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Diagnostics;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;
using Kappa.TestSupport;

namespace Kappa.Hypercore.Tests.Diagnostics;

/// <summary>Runs alone: the instruments are process-wide and other tests append and reject blocks too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "hypercore metrics";
}

[Collection(RunsAlone.Name)]
public sealed class HypercoreMetricsTests
{
    [Fact]
    public async Task Appends_count_their_blocks_and_bytes()
    {
        using var metrics = new MetricsRecorder(HypercoreMetrics.MeterName);
        await using var feed = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { ValueEncoding = ValueEncoding.Json });
        await feed.AppendAsync(1);                                 // "1\n"
        await feed.AppendBatchAsync(new[] { "ab", "cd" });         // "\"ab\"\n" twice
        await feed.AppendRawAsync(new byte[100]);

        Assert.Equal(4, metrics.Sum("kappa.feed.appended.blocks"));
        Assert.Equal(2 + 5 + 5 + 100, metrics.Sum("kappa.feed.appended.bytes"));
    }

    [Fact]
    public async Task A_forged_block_from_a_peer_and_a_corrupt_local_block_count_as_verification_failures()
    {
        using var metrics = new MetricsRecorder(HypercoreMetrics.MeterName);
        await using var uploader = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { KeyPair = KeyPair.FromSeed(new byte[32]) });
        await uploader.AppendRawBatchAsync(Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i, 1, 2, 3 }).ToList());
        await using var receiver = await Feed.OpenAsync(new RamStorageProvider(), new FeedOptions { Key = uploader.Key });
        Assert.True(uploader.TryBuildProof(2, 0, new SparseBitSet(), out var proof));
        var forged = proof!.Signature!.ToArray();
        forged[10] ^= 0x40;
        Assert.Throws<FeedException>(() => receiver.Put(2, proof.Value.Span, proof.Nodes, forged));
        Assert.Equal(1, metrics.Sum("kappa.feed.verification.failures", "kappa.source", "peer"));
        Assert.Equal(0, metrics.Sum("kappa.feed.verification.failures", "kappa.source", "local"));

        using var dir = new TempDirectory("metrics-verify");
        var storage = new DirectoryStorageProvider(dir.Path);
        await using (var feed = await Feed.OpenAsync(storage, new FeedOptions { ValueEncoding = ValueEncoding.Utf8 }))
            await feed.AppendBatchAsync(new[] { "aaaa", "bbbb", "cccc" });
        await using (var data = File.OpenWrite(Path.Combine(dir.Path, "data")))
        {
            data.Position = 5;
            data.WriteByte((byte)'X');
        }
        await using var reopened = await Feed.OpenAsync(storage, new FeedOptions { ValueEncoding = ValueEncoding.Utf8 });
        var report = await reopened.VerifyAsync();
        Assert.Single(report.Problems);
        Assert.Equal(1, metrics.Sum("kappa.feed.verification.failures", "kappa.source", "local"));
    }
}

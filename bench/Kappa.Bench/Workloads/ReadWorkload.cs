using System.Diagnostics;
using Kappa.Hypercore;
using Kappa.Hypercore.Storage;

namespace Kappa.Bench.Workloads;

/// <summary>Reopens a feed of N blocks and streams every one back, each verified against its tree hash.</summary>
internal static class ReadWorkload
{
    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var dir = Path.Combine(o.Dir, "read");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        await using (var writer = await Feed.OpenAsync(new DirectoryStorageProvider(dir)))
            for (long i = 0; i < o.Count; i += 1000)
                await writer.AppendRawBatchAsync([.. Enumerable.Range(0, (int)Math.Min(1000, o.Count - i)).Select(j => (ReadOnlyMemory<byte>)Values.Make(i + j, o.Size))]);

        await using var feed = await Feed.OpenAsync(new DirectoryStorageProvider(dir));
        var sw = Stopwatch.StartNew();
        long count = 0, sum = 0;
        await foreach (var block in feed.ReadRawAsync())
        {
            count++;
            sum += Values.IndexOf(block.Data.Span);
        }
        sw.Stop();
        var check = count != o.Count ? $"read {count} of {o.Count}" : sum != Values.Checksum(o.Count) ? "checksum mismatch" : "ok";
        return new BenchResult("read", $"{o.Size}B", count, sw.Elapsed.TotalSeconds, count * o.Size, check);
    }
}

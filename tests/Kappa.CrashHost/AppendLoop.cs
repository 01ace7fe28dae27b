using Kappa.Multifeed.Store;

namespace Kappa.CrashHost;

/// <summary>Appends {"n": i} in random-size batches forever, reporting each acknowledged length on stdout.</summary>
internal static class AppendLoop
{
    public static async Task<int> RunAsync(string dir, int seed)
    {
        var random = new Random(seed);
        await using var store = await FeedStore.OpenAsync(dir);
        var feed = await store.WriterAsync("crash");
        var stdout = Console.Out;
        var n = feed.Length;
        stdout.WriteLine($"start {n}");
        stdout.Flush();
        while (true)
        {
            var count = random.Next(1, 40);
            if (count == 1) await feed.AppendAsync(new Entry(n));
            else await feed.AppendBatchAsync(Enumerable.Range(0, count).Select(i => new Entry(n + i)));
            n += count;
            stdout.WriteLine($"acked {feed.Length}");
            stdout.Flush();
        }
    }

    internal sealed record Entry(long N)
    {
        [System.Text.Json.Serialization.JsonPropertyName("n")]
        public long N { get; } = N;
    }
}

using Kappa.Multifeed.Store;

namespace Kappa.Bench.Workloads;

/// <summary>The untimed set-up the indexing workloads share: a fresh store of F writers ("w0"…), each with N values, appended in batches of 10,000.</summary>
internal static class FeedFill
{
    /// <summary>Deletes <paramref name="dir"/>, then writes <paramref name="perFeed"/> values <c>value(i)</c> to each of <paramref name="feeds"/> writers.</summary>
    public static async Task WriteAsync<T>(string dir, int feeds, long perFeed, Func<int, T> value)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        await using var store = await FeedStore.OpenAsync(dir);
        for (var f = 0; f < feeds; f++)
        {
            var feed = await store.WriterAsync("w" + f);
            for (long i = 0; i < perFeed; i += 10_000)
                await feed.AppendBatchAsync(Enumerable.Range((int)i, (int)Math.Min(10_000, perFeed - i)).Select(value));
        }
    }
}

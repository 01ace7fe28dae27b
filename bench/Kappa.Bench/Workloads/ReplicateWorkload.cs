using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;

namespace Kappa.Bench.Workloads;

/// <summary>
/// Replicates N blocks in F feeds from one store to an empty one over TCP loopback, non-live, in
/// one process (as the JS side does: two kappa cores piped over net sockets); the receiver must
/// hold every block, verified.
/// </summary>
internal static class ReplicateWorkload
{
    public static async Task<BenchResult> RunAsync(BenchOptions o)
    {
        var dir = Path.Combine(o.Dir, "replicate");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var binary = new FeedStoreOptions { ValueEncoding = ValueEncoding.Binary };
        var perFeed = o.Count / o.Feeds;
        await using var source = await FeedStore.OpenAsync(Path.Combine(dir, "source"), binary);
        for (var f = 0; f < o.Feeds; f++)
        {
            var feed = await source.WriterAsync("w" + f);
            for (long i = 0; i < perFeed; i += 1000)
                await feed.AppendRawBatchAsync([.. Enumerable.Range(0, (int)Math.Min(1000, perFeed - i)).Select(j => (ReadOnlyMemory<byte>)Values.Make(i + j, o.Size))]);
        }
        await using var target = await FeedStore.OpenAsync(Path.Combine(dir, "target"), binary);
        await (await target.WriterAsync("own")).AppendRawAsync(Values.Make(0, o.Size)); // as bench.js: the receiver has one entry of its own

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        using var probe = AllocProbe.FromEnvironment();
        if (probe is not null) probe.On = true;
        var sw = Stopwatch.StartNew();
        var accept = listener.AcceptSocketAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = await accept;
        await Task.WhenAll(source.ReplicateAsync(client, isInitiator: true), target.ReplicateAsync(server, isInitiator: false));
        sw.Stop();
        if (probe is not null)
        {
            probe.On = false;
            probe.Print(o.Count);
        }
        // Allocation per block (both peers, whole session): a figure that does not depend on a noisy machine.
        // CPU of the session (both peers, all threads), per block: steadier than wall time on a shared machine.
        Console.Error.WriteLine($"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / Math.Max(1, o.Count)} bytes per block, "
            + $"{(Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / Math.Max(1, o.Count):0.0} µs of CPU per block");

        long count = 0, sum = 0;
        foreach (var feed in target.Feeds.Where(f => !f.Writable))
            await foreach (var block in feed.ReadRawAsync())
            {
                count++;
                sum += Values.IndexOf(block.Data.Span);
            }
        var expected = o.Feeds * Values.Checksum(perFeed);
        var check = count != perFeed * o.Feeds ? $"received {count} of {perFeed * o.Feeds}" : sum != expected ? "checksum mismatch" : "ok";
        return new BenchResult("replicate", $"{o.Size}B {o.Feeds} feeds", count, sw.Elapsed.TotalSeconds, count * o.Size, check);
    }
}

using Kappa.Hypercore;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.Protocol;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Network;

/// <summary>
/// Peers with random appends, joined by faulty links in random pairs (re-chunking, delays, cuts
/// mid-session), then healed: every session terminates, no acknowledged append is lost, and all
/// peers converge to the same feeds and entries.
/// </summary>
public class NetworkSimulationTests(ITestOutputHelper output)
{
    private static int Seeds => int.TryParse(Environment.GetEnvironmentVariable("KAPPA_LONG_SEEDS"), out var n) ? n / 10 : 12;
    private static readonly TimeSpan SessionLimit = TimeSpan.FromSeconds(60);
    private static readonly ReplicationOptions Options = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Peers_on_faulty_links_converge_and_every_session_terminates()
    {
        long sessions = 0, cut = 0, failed = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed);
            var peers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await FeedStore.OpenAsync(new RamStoreStorage())));
            var appended = new int[peers.Length];
            try
            {
                for (var round = 0; round < 6; round++)
                {
                    for (var p = 0; p < peers.Length; p++)
                    {
                        var n = random.Next(0, 40);
                        if (n == 0) continue;
                        await (await peers[p].WriterAsync("me")).AppendBatchAsync(Enumerable.Range(appended[p], n));
                        appended[p] += n;
                    }
                    var pairs = Enumerable.Range(0, 2).Select(_ => (random.Next(4), random.Next(4))).Where(x => x.Item1 != x.Item2).ToList();
                    var results = await Task.WhenAll(pairs.Select(pair => SyncAsync(peers[pair.Item1], peers[pair.Item2], random.Next(), random.Next(3) == 0 ? random.Next(200, 20_000) : long.MaxValue)));
                    sessions += results.Length;
                    cut += results.Count(r => r.Cut);
                    failed += results.Count(r => r.Error is not null);
                }
                // Heal: a clean ring, twice round, brings everyone everything.
                for (var pass = 0; pass < 2; pass++)
                    for (var p = 0; p < peers.Length; p++)
                    {
                        var r = await SyncAsync(peers[p], peers[(p + 1) % peers.Length], random.Next(), long.MaxValue);
                        Assert.True(r.Error is null, $"seed {seed}: a healing session failed: {r.Error}");
                    }
                await AssertConvergedAsync(peers, appended, seed);
            }
            catch (Exception e) when (!e.Message.Contains($"seed {seed}", StringComparison.Ordinal))
            {
                // Every failure names its seed (an unexpected exception included), so it can be replayed.
                throw new Xunit.Sdk.XunitException($"seed {seed}: {e.GetType().Name}: {e.Message}", e);
            }
            finally { foreach (var p in peers) await p.DisposeAsync(); }
        }
        output.WriteLine($"{Seeds} seeds, {sessions} faulty-link sessions ({cut} cut mid-way, {failed} ended with a typed error), all terminated; all peers converged");
    }

    private static async Task<(bool Cut, Exception? Error)> SyncAsync(FeedStore a, FeedStore b, int seed, long cutAfter)
    {
        await using var link = new SimulatedLink(seed, cutAfter);
        var states = new string[2];
        var sessions = Task.WhenAll(StartAndRun(a, link.A, true, states, 0), StartAndRun(b, link.B, false, states, 1));
        try
        {
            await sessions.WaitAsync(SessionLimit); // a hang fails here
            return (link.WasCut, null);
        }
        catch (Exception e) when (e is KappaException or IOException or OperationCanceledException)
        {
            Assert.True(link.WasCut || e is KappaException, $"untyped failure without a cut: {e}");
            return (link.WasCut, e);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"a session hung (seed {seed}, cut after {cutAfter}, link cut: {link.WasCut}; initiator {states[0]}, other {states[1]})");
        }
    }

    private static async Task StartAndRun(FeedStore store, System.IO.Pipelines.IDuplexPipe pipe, bool initiator, string[] states, int i)
    {
        states[i] = "starting";
        var session = await store.StartReplicationAsync(pipe, initiator, Options);
        states[i] = "running";
        try
        {
            await using (session)
            {
                try { await session.Completion; }
                finally { states[i] = "disposing"; }
            }
        }
        finally { states[i] = "ended"; }
    }

    private static async Task AssertConvergedAsync(FeedStore[] peers, int[] appended, int seed)
    {
        var reference = await DumpAsync(peers[0]);
        for (var p = 0; p < peers.Length; p++)
        {
            if (appended[p] > 0) Assert.Equal(appended[p], (await peers[p].WriterAsync("me")).Length);
            Assert.Equal(reference, await DumpAsync(peers[p]));
            foreach (var feed in peers[p].Feeds) Assert.True((await feed.VerifyAsync()).IsValid, $"seed {seed}: peer {p} feed {feed.Key} fails verification");
        }
        Assert.Equal(appended.Count(n => n > 0), peers[0].Feeds.Count);
    }

    private static async Task<List<string>> DumpAsync(FeedStore store)
    {
        var lines = new List<string>();
        foreach (var feed in store.Feeds.OrderBy(f => f.Key))
        {
            Assert.Equal(feed.Length, feed.CountStored());
            await foreach (var e in feed.ReadAsync<int>()) lines.Add($"{feed.Key} {e.Seq} {e.Value}");
        }
        return lines;
    }
}

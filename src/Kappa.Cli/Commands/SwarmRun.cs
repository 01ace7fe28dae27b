using Kappa.Cli.Output;
using Kappa.Multifeed.Store;
using Kappa.Swarm;

namespace Kappa.Cli.Commands;

/// <summary>One run of <c>kappa swarm</c>: the swarm, its events as JSON lines or a live table, and how it ends.</summary>
internal sealed class SwarmRun(FeedStore store, SwarmOptions options, SwarmEvents? events)
{
    private readonly HashSet<string> _found = [];

    /// <summary>Replicates live until Ctrl+C; then closes every connection and exits 0.</summary>
    public async Task<int> LiveAsync(CancellationToken ct)
    {
        await using var swarm = await StartAsync(ct);
        if (events is null) await SwarmDisplay.RunAsync(swarm, () => Status(swarm, "live — Ctrl+C to stop"), Task.Delay(Timeout.Infinite, ct), ct);
        else
        {
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { }
        }
        events?.Write("stopping", new() { ["peers"] = swarm.Peers.Count });
        await swarm.DisposeAsync();
        events?.Write("stopped", []);
        return 0;
    }

    /// <summary>Exits 0 once one sync completed, or 1 with a reason after <paramref name="timeout"/>.</summary>
    public async Task<int> UntilSyncedAsync(TimeSpan timeout, CancellationToken ct)
    {
        var synced = new TaskCompletionSource<SwarmSync>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var swarm = await StartAsync(ct, sw => sw.Synced += (_, s) => synced.TrySetResult(s));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        if (events is null) await SwarmDisplay.RunAsync(swarm, () => Status(swarm, "waiting for a complete sync with a peer"), synced.Task, limit.Token);
        try { await synced.Task.WaitAsync(limit.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return CliAction.Fail($"no sync with a peer completed within {timeout.TotalSeconds:0} s ({swarm.Peers.Count} connected)");
        }
        var s = await synced.Task;
        var p = s.Result.Progress;
        if (events is not null) events.Write("synced", SwarmEvents.Fields(s.Peer));
        else Console.WriteLine($"synced with {s.Peer.Address}: received {p.BlocksReceived} blocks, sent {p.BlocksSent} blocks, {s.Result.NewFeeds.Count} new feeds");
        return 0;
    }

    private async Task<KappaSwarm> StartAsync(CancellationToken ct, Action<KappaSwarm>? subscribe = null)
    {
        var swarm = new KappaSwarm(store, options);
        subscribe?.Invoke(swarm);
        if (events is null)
        {
            await StartOrDisposeAsync(swarm, ct);
            return swarm;
        }
        events.Write("listening", new() { ["port"] = swarm.Port, ["topic"] = Convert.ToHexStringLower(swarm.Topic.Span), ["lan"] = options.Lan, ["dht"] = options.Dht });
        swarm.PeerFound += (_, p) =>
        {
            lock (_found)
                if (!_found.Add(p.EndPoint + "/" + p.Source)) return;
            events.Write("found", new() { ["address"] = p.EndPoint.ToString(), ["source"] = SwarmEvents.SourceName(p.Source) });
        };
        swarm.PeerConnected += (_, p) => events.Write("connected", SwarmEvents.Fields(p));
        swarm.PeerIdentified += (_, p) => events.Write("identified", SwarmEvents.Fields(p)); // its peer-id arrived: remoteId is set
        swarm.PeerDisconnected += (_, p) => events.Write("disconnected", SwarmEvents.Fields(p));
        await StartOrDisposeAsync(swarm, ct);
        _ = ReportEntriesAsync(ct);
        return swarm;
    }

    private static async Task StartOrDisposeAsync(KappaSwarm swarm, CancellationToken ct)
    {
        try { await swarm.StartAsync(ct); }
        catch
        {
            await swarm.DisposeAsync();
            throw;
        }
    }

    /// <summary>JSON mode: an <c>entries</c> line with the number of blocks held whenever it changes (checked every 250 ms).</summary>
    private async Task ReportEntriesAsync(CancellationToken ct)
    {
        long last = -1;
        while (!ct.IsCancellationRequested)
        {
            var total = store.Feeds.Sum(f => Enumerable.Range(0, (int)Math.Min(f.Length, int.MaxValue)).LongCount(i => f.Has(i)));
            if (total != last) events!.Write("entries", new() { ["total"] = total, ["feeds"] = store.Feeds.Count });
            last = total;
            try { await Task.Delay(250, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static string Status(KappaSwarm swarm, string mode)
    {
        var peers = swarm.Peers;
        return $"port {swarm.Port} · topic {Convert.ToHexStringLower(swarm.Topic.Span)[..16]}… · {peers.Count} peers · in {peers.Sum(p => p.BlocksIn)} / out {peers.Sum(p => p.BlocksOut)} blocks · {mode}";
    }
}

using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Google.Protobuf;

namespace Kappa.Swarm.Dht;

public sealed partial class DhtNode
{
    /// <summary>
    /// Looks <paramref name="topic"/> up (an iterative <c>peers</c> query) and yields each peer
    /// as answers arrive (duplicates possible when several nodes store it). Ends when the query
    /// ends; throws <see cref="DhtException"/> (KAPPA_DHT_NO_NODES) when no node answered.
    /// </summary>
    public async IAsyncEnumerable<DhtPeer> LookupAsync(ReadOnlyMemory<byte> topic, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var found = Channel.CreateUnbounded<DhtPeer>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var run = RunPeersAsync(topic, new PeersInput(), update: false, query: true, found.Writer.TryWrite, ct)
            .ContinueWith(t => found.Writer.TryComplete(t.Exception?.InnerException), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var peer in found.Reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return peer;
        await run.ConfigureAwait(false);
    }

    /// <summary>
    /// Announces <paramref name="port"/> under <paramref name="topic"/>: an iterative <c>peers</c>
    /// query, then an UPDATE with round-trip tokens to the 20 closest full nodes that answered.
    /// The nodes record our public IPv4 address with that port for 12 minutes (re-announce before).
    /// When <paramref name="port"/> equals our UDP port it is sent as 0, as hyperswarm does.
    /// </summary>
    public async Task<DhtAnnounceResult> AnnounceAsync(ReadOnlyMemory<byte> topic, int port, CancellationToken ct = default)
    {
        var peers = new List<DhtPeer>();
        var updated = await RunPeersAsync(topic, Input(port, unannounce: false), update: true, query: true, p => { lock (peers) peers.Add(p); return true; }, ct).ConfigureAwait(false);
        return new DhtAnnounceResult(peers, updated);
    }

    /// <summary>Withdraws an announcement: the same update with <c>unannounce</c> set, to the closest nodes (found with <c>_find_node</c>).</summary>
    public async Task<DhtAnnounceResult> UnannounceAsync(ReadOnlyMemory<byte> topic, int port, CancellationToken ct = default)
    {
        var updated = await RunPeersAsync(topic, Input(port, unannounce: true), update: true, query: false, null, ct).ConfigureAwait(false);
        return new DhtAnnounceResult([], updated);
    }

    /// <summary>Runs one <c>peers</c> query/update; reports peers through <paramref name="onPeer"/>; returns the number of nodes updated.</summary>
    internal async Task<int> RunPeersAsync(ReadOnlyMemory<byte> topic, PeersInput input, bool update, bool query, Func<DhtPeer, bool>? onPeer, CancellationToken ct)
    {
        var target = NodeId.FromBytes(topic.Span);
        await ResolveBootstrapAsync(ct).ConfigureAwait(false);
        var run = new IterativeQuery(this, "peers", target, input.ToByteArray(), query, update)
        {
            OnResult = reply =>
            {
                if (onPeer is null || DhtPayloads.ReadPeers(reply.Message.Value) is not { } peers) return;
                foreach (var peer in peers) onPeer(new DhtPeer(peer, reply.From));
            },
        };
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        await run.RunAsync(linked.Token).ConfigureAwait(false);
        return run.Updates;
    }

    private PeersInput Input(int port, bool unannounce)
    {
        if (port is < 0 or > 65535) throw new DhtException("KAPPA_DHT_ARGUMENT", $"Port {port} is out of range.");
        var input = new PeersInput { Port = port == LocalEndPoint.Port ? 0u : (uint)port };
        if (unannounce) input.Unannounce = true;
        return input;
    }
}

using Microsoft.Extensions.Logging;

namespace Kappa.Swarm.Dht;

/// <summary>One joined topic of a <see cref="DhtDiscovery"/>: the announce/lookup loop and the unannounce when left.</summary>
internal sealed partial class DhtTopicJoin(DhtDiscovery discovery, byte[] topic, int port, bool announce, bool lookup) : IAsyncDisposable
{
    private static readonly TimeSpan UnannounceTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _leave = new();
    private readonly string _topicHex = Convert.ToHexStringLower(topic);
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    public void Start() => _loop = Task.Run(() => LoopAsync(_leave.Token));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _leave.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        discovery.Left(this);
        if (announce) await UnannounceAsync().ConfigureAwait(false);
        _leave.Dispose();
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        var failures = 0;
        var rounds = 0;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await RoundAsync(ct).ConfigureAwait(false);
                failures = 0;
                var (min, max) = rounds++ == 0 ? discovery.FollowUp : discovery.Refresh;
                wait = min + (max - min) * Random.Shared.NextDouble();
            }
            catch (DhtException e)
            {
                LogRoundFailed(discovery.Logger, _topicHex, e.Message);
                var backoff = discovery.RetryAfterFailure * Math.Pow(2, Math.Min(failures++, 10));
                wait = backoff < discovery.Refresh.Min ? backoff : discovery.Refresh.Min;
            }
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        var node = discovery.Node;
        await node.WhenBootstrapped.WaitAsync(ct).ConfigureAwait(false);
        Func<DhtPeer, bool>? onPeer = lookup ? p => { discovery.Report(topic, p); return true; } : null;
        // An announce is a lookup too (hyperswarm 2 reads the peers from its query), so one round does both.
        var input = announce ? new PeersInput { Port = port == node.LocalEndPoint.Port ? 0u : (uint)port } : new PeersInput();
        await node.RunPeersAsync(topic, input, update: announce, query: true, onPeer, ct).ConfigureAwait(false);
    }

    private async Task UnannounceAsync()
    {
        using var timeout = new CancellationTokenSource(UnannounceTimeout);
        try
        {
            await discovery.Node.UnannounceAsync(topic, port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DhtException or OperationCanceledException or ObjectDisposedException)
        {
            LogUnannounceFailed(discovery.Logger, _topicHex, e.Message);
        }
    }

    [LoggerMessage(EventId = 5122, Level = LogLevel.Debug, Message = "DHT round for topic {Topic} failed: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 5123, Level = LogLevel.Debug, Message = "DHT unannounce of topic {Topic} failed: {Reason}")]
    private static partial void LogUnannounceFailed(ILogger logger, string topic, string reason);
}

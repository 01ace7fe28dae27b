using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm.Dht;

public sealed partial class DhtNode
{
    // dht-rpc 4 index.js _ontick: every 8 ticks ping the least recently seen nodes; every 64 ticks
    // bootstrap again when the table is small. io.js rotates the token secret every 5 minutes.
    private const int PingEveryTicks = 8, RebootstrapEveryTicks = 64, PingsPerRound = 5;

    private async Task MaintainAsync()
    {
        var ct = _stop.Token;
        await InitialBootstrapAsync(ct).ConfigureAwait(false);
        var lastRotation = _options.Time.GetUtcNow();
        using var timer = new PeriodicTimer(_options.Timings.Tick, _options.Time);
        for (var tick = 1; await timer.WaitForNextTickAsync(ct).ConfigureAwait(false); tick++)
        {
            if (_options.Time.GetUtcNow() - lastRotation >= RoundtripTokens.RotateEvery)
            {
                _tokens.Rotate();
                lastRotation = _options.Time.GetUtcNow();
            }
            if (tick % PingEveryTicks == 0)
                foreach (var node in Table.Oldest(PingsPerRound)) _ = PingOrForgetAsync(node, ct);
            if (tick % RebootstrapEveryTicks == 0 && Table.Count < RoutingTable.DefaultK)
                await TryBootstrapAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task InitialBootstrapAsync(CancellationToken ct)
    {
        try
        {
            await TryBootstrapAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _bootstrapped.TrySetResult();
        }
    }

    private async Task TryBootstrapAsync(CancellationToken ct)
    {
        if (_options.Bootstrap.Count == 0) return;
        try
        {
            await BootstrapAsync(ct).ConfigureAwait(false);
            LogBootstrapped(_logger, Table.Count);
        }
        catch (DhtException e)
        {
            LogBootstrapFailed(_logger, e.Message);
        }
    }

    private async Task PingOrForgetAsync(DhtContact node, CancellationToken ct)
    {
        try
        {
            await PingAsync(node.EndPoint, ct).ConfigureAwait(false);
        }
        catch (DhtException)
        {
            Table.Remove(node.Id);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // IP literals at once; names through DNS (IPv4 only), skipping any that do not resolve.
    private async Task ResolveBootstrapAsync(CancellationToken ct)
    {
        if (BootstrapNodes.Count > 0 || _options.Bootstrap.Count == 0) return;
        var resolved = new List<IPEndPoint>();
        foreach (var entry in _options.Bootstrap)
        {
            var (host, port) = ParseHostPort(entry);
            if (IPAddress.TryParse(host, out var address))
            {
                if (address.AddressFamily == AddressFamily.InterNetwork) resolved.Add(new IPEndPoint(address, port));
                continue;
            }
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, ct).ConfigureAwait(false);
                if (addresses.Length > 0) resolved.Add(new IPEndPoint(addresses[0], port));
            }
            catch (SocketException e)
            {
                LogResolveFailed(_logger, host, e.SocketErrorCode);
            }
        }
        Volatile.Write(ref _bootstrapNodes, resolved);
    }

    [LoggerMessage(EventId = 5111, Level = LogLevel.Debug, Message = "DHT bootstrapped: {Nodes} nodes in the routing table")]
    private static partial void LogBootstrapped(ILogger logger, int nodes);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning, Message = "DHT bootstrap failed: {Reason}")]
    private static partial void LogBootstrapFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning, Message = "DHT bootstrap host {Host} did not resolve: {Error}")]
    private static partial void LogResolveFailed(ILogger logger, string host, SocketError error);
}

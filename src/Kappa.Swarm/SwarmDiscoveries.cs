using System.Net.Sockets;
using Kappa.Swarm.Discovery;
using Kappa.Swarm.Mdns;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm;

/// <summary>The discoveries a swarm runs by default: multicast DNS on the LAN, and the DHT.</summary>
internal static partial class SwarmDiscoveries
{
    public static List<IPeerDiscovery> Create(SwarmOptions options, int port, ILogger logger)
    {
        var list = new List<IPeerDiscovery>();
        if (options.Lan)
        {
            try { list.Add(MulticastDnsDiscovery.Start(options.Mdns, logger)); }
            catch (SocketException e)
            {
                throw new SwarmException(SwarmException.DiscoveryFailed, $"multicast DNS could not bind UDP port {options.Mdns.Port}: {e.Message}", e);
            }
        }
        if (options.Dht)
        {
            // Wiring point for the hyperswarm 2 DHT (src/Kappa.Swarm/Dht, class DhtDiscovery):
            // bind UDP on `port` (the TCP port's number), bootstrap from options.Bootstrap.
            LogNoDht(logger, port);
        }
        return list;
    }

    [LoggerMessage(10, LogLevel.Warning, "The DHT is not available in this build; finding peers on the LAN only (port {Port})")]
    private static partial void LogNoDht(ILogger logger, int port);
}

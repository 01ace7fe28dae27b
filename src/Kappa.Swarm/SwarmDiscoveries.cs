using System.Net.Sockets;
using Kappa.Swarm.Dht;
using Kappa.Swarm.Discovery;
using Kappa.Swarm.Mdns;
using Microsoft.Extensions.Logging;

namespace Kappa.Swarm;

/// <summary>The discoveries a swarm runs by default: multicast DNS on the LAN, and the DHT.</summary>
internal static class SwarmDiscoveries
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
            // hyperswarm binds the DHT's UDP socket on the TCP port's number (SwarmListener checked it is free).
            try { list.Add(DhtDiscovery.Start(new DhtOptions { Port = port, Bootstrap = options.Bootstrap ?? DhtOptions.PublicBootstrap }, logger)); }
            catch (DhtException e)
            {
                foreach (var d in list) d.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw new SwarmException(SwarmException.DiscoveryFailed, $"the DHT could not start on UDP port {port}: {e.Message}", e);
            }
        }
        return list;
    }
}

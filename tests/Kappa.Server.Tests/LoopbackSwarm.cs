using System.Net;
using Kappa.Multifeed.Replication;
using Kappa.Swarm;

namespace Kappa.Server.Tests;

/// <summary>Swarm settings that stay on 127.0.0.1: no multicast DNS, no DHT, peers added by address.</summary>
public static class LoopbackSwarm
{
    public static SwarmOptions Options => new()
    {
        Port = 0,
        ListenAddress = IPAddress.Loopback,
        Lan = false,
        Dht = false,
        Replication = new ReplicationOptions { Live = true },
        Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)],
    };

    public static IPEndPoint EndPoint(KappaSwarm swarm) => new(IPAddress.Loopback, swarm.Port);
}

using System.Net;
using System.Net.Sockets;

namespace Kappa.Swarm;

/// <summary>
/// Binds the swarm's TCP listener: the port asked for, or cabal-core 13's order (13331, 13332,
/// 13333, then any free port). When the DHT is on, a port is taken only if UDP on the same number
/// is free too, since the DHT binds there (as hyperswarm's @hyperswarm/network does).
/// </summary>
internal static class SwarmListener
{
    public static Socket Bind(SwarmOptions options)
    {
        var candidates = options.Port is { } p ? [p] : SwarmOptions.PreferredPorts.Append(0);
        SocketException? last = null;
        foreach (var port in candidates)
        {
            try { return TryBind(options, port); }
            catch (SocketException e) { last = e; }
        }
        throw new SwarmException(SwarmException.ListenFailed, $"could not listen on TCP port {(options.Port is { } q ? q.ToString(System.Globalization.CultureInfo.InvariantCulture) : "13331–13333 or any")}: {last?.Message}", last);
    }

    private static Socket TryBind(SwarmOptions options, int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = Listen(options.ListenAddress, port);
            var bound = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (!options.Dht || UdpFree(bound)) return socket;
            socket.Dispose();
            if (port != 0 || attempt > 20) throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }
    }

    private static Socket Listen(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(64);
            return socket;
        }
        catch (SocketException) when (address.Equals(IPAddress.IPv6Any))
        {
            socket.Dispose();
            return Listen(IPAddress.Any, port); // no IPv6 on this host
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool UdpFree(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException) { return false; }
    }
}

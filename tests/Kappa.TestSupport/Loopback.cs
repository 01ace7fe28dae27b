using System.Net;
using System.Net.Sockets;

namespace Kappa.TestSupport;

/// <summary>Real TCP sockets on 127.0.0.1 (port 0).</summary>
public static class Loopback
{
    /// <summary>Two connected sockets: (connecting side, accepted side).</summary>
    public static async Task<(Socket Client, Socket Server)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await accept;
        server.NoDelay = true;
        return (client, server);
    }
}

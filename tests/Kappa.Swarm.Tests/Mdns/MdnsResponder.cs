using System.Net;
using System.Net.Sockets;
using Kappa.Swarm.Mdns;

namespace Kappa.Swarm.Tests.Mdns;

/// <summary>
/// A <see cref="MulticastDnsDiscovery"/> in unicast mode on 127.0.0.1 (no multicast leaves the
/// root namespace) and the UDP socket it sends everything to: the test plays the rest of the LAN.
/// </summary>
internal sealed class MdnsResponder : IAsyncDisposable
{
    private readonly Socket _lan = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public MdnsResponder(int maxResponsesPerSecond = 50, int maxPeersPerSecond = 200)
    {
        _lan.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Discovery = MulticastDnsDiscovery.Start(new MulticastDnsOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            Group = (IPEndPoint)_lan.LocalEndPoint!,
            MaxResponsesPerSecond = maxResponsesPerSecond,
            MaxPeersPerSecond = maxPeersPerSecond,
        });
    }

    public MulticastDnsDiscovery Discovery { get; }

    public void Send(DnsPacket packet) => Send(DnsPacketWriter.Encode(packet));

    public void Send(byte[] datagram) => _lan.SendTo(datagram, Discovery.LocalEndPoint);

    /// <summary>The next packet the discovery sent, or null after <paramref name="wait"/>.</summary>
    public async Task<DnsPacket?> ReceiveAsync(TimeSpan wait)
    {
        var buffer = new byte[9000];
        using var cts = new CancellationTokenSource(wait);
        try
        {
            var r = await _lan.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return DnsPacketReader.Decode(buffer.AsSpan(0, r.ReceivedBytes));
        }
        catch (OperationCanceledException) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        await Discovery.DisposeAsync();
        _lan.Dispose();
    }
}

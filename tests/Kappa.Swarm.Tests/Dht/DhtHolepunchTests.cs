using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Kappa.Swarm.Dht;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>dht-rpc's <c>_holepunch</c> relay (A → referrer R → B, then B answers A directly), all on 127.0.0.1.</summary>
public class DhtHolepunchTests
{
    [Fact]
    public async Task A_holepunch_through_a_referrer_makes_the_target_answer_the_asker_directly()
    {
        await using var referrer = LoopbackDht.Bootstrap();
        await using var target = DhtNode.Start(LoopbackDht.Options(ephemeral: true));
        using var asker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        asker.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var punch = new DhtMessage
        {
            Version = 1, Type = DhtMessageType.Query, Rid = 777, Command = "_holepunch",
            To = PeerRecords.EncodePeer(referrer.LocalEndPoint),
            Value = new Holepunch { To = ByteString.CopyFrom(PeerRecords.EncodePeer(target.LocalEndPoint)) }.ToByteArray(),
        };
        await asker.SendToAsync(DhtMessageCodec.Encode(punch), referrer.LocalEndPoint);

        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var got = await asker.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        var answer = DhtMessageCodec.Decode(buffer, 0, got.ReceivedBytes);
        Assert.Equal(target.LocalEndPoint, got.RemoteEndPoint);
        Assert.Equal(DhtMessageType.Response, answer.Type);
        Assert.Equal(777UL, answer.Rid);
    }
}

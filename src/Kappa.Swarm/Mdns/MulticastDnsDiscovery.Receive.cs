using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Kappa.Swarm.Discovery;

namespace Kappa.Swarm.Mdns;

public sealed partial class MulticastDnsDiscovery
{
    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxPacket];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try { received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize) { continue; }
            Handle(buffer.AsSpan(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint);
        }
    }

    /// <summary>One datagram: answer the queries, report the peers in the answers. Never throws for bad input.</summary>
    internal void Handle(ReadOnlySpan<byte> datagram, IPEndPoint sender)
    {
        DnsPacket packet;
        try { packet = DnsPacketReader.Decode(datagram); }
        catch (MdnsException e)
        {
            Interlocked.Increment(ref _packetsDropped);
            LogDropped(_logger, sender, e.Message);
            return;
        }
        MdnsTopic[] topics;
        lock (_gate) topics = [.. _topics];
        if (topics.Length == 0) return;
        if (packet.IsResponse) OnResponse(packet, sender, topics);
        else OnQuery(packet, sender, topics);
    }

    /// <summary>As @hyperswarm/discovery <c>_onmdnsquery</c>: SRV questions for announced names get SRV + TXT, then one A referrer.</summary>
    private void OnQuery(DnsPacket query, IPEndPoint sender, MdnsTopic[] topics)
    {
        var answers = new List<DnsRecord>();
        foreach (var q in query.Questions)
        {
            if (q.Type != DnsType.Srv) continue;
            var id = HyperswarmMdns.IdOf(query.Answers, q.Name);
            foreach (var t in topics)
            {
                if (!t.Announce || !t.Matches(q.Name) || (id is not null && id.AsSpan().SequenceEqual(t.Id))) continue;
                if (answers.Any(a => ReferenceEquals(a.Txt?[0], t.Id))) continue; // a name asked twice is answered once
                answers.AddRange(HyperswarmMdns.AnnounceAnswers(t.Name, t.Port, t.Id));
            }
        }
        if (answers.Count == 0 || !_responses.TryTake()) return;
        answers.Add(HyperswarmMdns.Referrer(sender.Address));
        Send(HyperswarmMdns.Response(answers));
    }

    /// <summary>As <c>_onmdnsresponse</c>: SRV answers for joined names, host from the target or the sender, our own id skipped.</summary>
    private void OnResponse(DnsPacket response, IPEndPoint sender, MdnsTopic[] topics)
    {
        foreach (var a in response.Answers)
        {
            if (a.Srv is not { } srv || srv.Port == 0) continue;
            var host = HyperswarmMdns.HostOf(srv, sender.Address);
            if (host is null) continue;
            var id = HyperswarmMdns.IdOf(response.Answers, a.Name);
            foreach (var t in topics)
            {
                if (!t.Lookup || !t.Matches(a.Name) || (id is not null && id.AsSpan().SequenceEqual(t.Id))) continue;
                if (!_peers.TryTake()) return;
                PeerFound?.Invoke(this, new DiscoveredPeer(t.Topic, new IPEndPoint(host, srv.Port), PeerSource.Lan));
            }
        }
    }

    /// <summary>Joins the group on the first IPv4 address of every interface not yet joined (multicast-dns <c>update</c>).</summary>
    private void JoinInterfaces()
    {
        var joinedAny = false;
        var anyExternal = false;
        NetworkInterface[] interfaces;
        try { interfaces = NetworkInterface.GetAllNetworkInterfaces(); }
        catch (NetworkInformationException) { return; }
        foreach (var nic in interfaces)
        {
            if (nic.OperationalStatus == OperationalStatus.Down) continue;
            var address = nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            if (address is null) continue;
            if (!IPAddress.IsLoopback(address)) anyExternal = true;
            lock (_gate)
                if (!_memberships.Add(address.ToString())) continue;
            try
            {
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(_options.Group.Address, address));
                joinedAny = true;
            }
            catch (SocketException e)
            {
                lock (_gate) _memberships.Remove(address.ToString());
                LogJoinFailed(_logger, _options.Group.Address, address, e.SocketErrorCode);
            }
            catch (ObjectDisposedException) { return; }
        }
        // multicast-dns: send through the default route when there is a real interface, else loopback.
        if (!joinedAny) return;
        try { _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, (anyExternal ? IPAddress.Any : IPAddress.Loopback).GetAddressBytes()); }
        catch (SocketException e) { LogJoinFailed(_logger, _options.Group.Address, IPAddress.Any, e.SocketErrorCode); }
        catch (ObjectDisposedException) { }
    }
}

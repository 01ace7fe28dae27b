using System.Net;
using Kappa.Swarm.Discovery;
using Kappa.Swarm.Mdns;

namespace Kappa.Swarm.Tests.Mdns;

/// <summary>The responder's behaviour, with the LAN played by a loopback socket (unicast mode: nothing multicast here).</summary>
public class MulticastDnsDiscoveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly byte[] Topic = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly string Name = HyperswarmMdns.NameOf(Topic);

    [Fact]
    public async Task Announcing_sends_one_response_with_SRV_and_the_binary_TXT_id_and_lookup_queries_at_once()
    {
        await using var r = new MdnsResponder();
        await using var join = await r.Discovery.JoinAsync(Topic, 4321, announce: true, lookup: true);
        var packets = new[] { await r.ReceiveAsync(Wait), await r.ReceiveAsync(Wait) };
        var response = Assert.Single(packets, p => p!.IsResponse)!;
        var query = Assert.Single(packets, p => !p!.IsResponse)!;
        Assert.Equal(new DnsQuestion(Name, DnsType.Srv), Assert.Single(query.Questions));
        Assert.Equal(DnsType.ResponseFlags, response.Flags);
        Assert.Equal(new SrvData(0, 0, 4321, "0.0.0.0"), response.Answers[0].Srv);
        Assert.Equal(35, HyperswarmMdns.IdOf(response.Answers, Name)!.Length);
        Assert.Equal(2, response.Answers.Count); // no referrer on an unsolicited announcement
    }

    [Fact]
    public async Task Queries_are_answered_as_they_come_with_the_querier_as_referrer()
    {
        await using var r = new MdnsResponder();
        await using var join = await r.Discovery.JoinAsync(Topic, 4321, announce: true, lookup: false);
        Assert.True((await r.ReceiveAsync(Wait))!.IsResponse); // the announcement
        for (var i = 0; i < 3; i++)
        {
            r.Send(HyperswarmMdns.Query(Name));
            var answer = await r.ReceiveAsync(Wait);
            Assert.NotNull(answer);
            Assert.Equal([DnsType.Srv, DnsType.Txt, DnsType.A], answer.Answers.Select(a => a.Type));
            Assert.Equal(IPAddress.Loopback, answer.Answers[2].Address);
            Assert.Equal(HyperswarmMdns.ReferrerName, answer.Answers[2].Name);
        }
        r.Send(HyperswarmMdns.Query(HyperswarmMdns.NameOf(new byte[32]))); // another topic: no answer
        Assert.Null(await r.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task A_response_from_another_peer_is_reported_and_our_own_echo_is_not()
    {
        await using var r = new MdnsResponder();
        var found = new List<DiscoveredPeer>();
        r.Discovery.PeerFound += (_, p) => { lock (found) found.Add(p); };
        await using var join = await r.Discovery.JoinAsync(Topic, 4321, announce: true, lookup: true);
        var ours = (await r.ReceiveAsync(Wait))!;
        if (!ours.IsResponse) ours = (await r.ReceiveAsync(Wait))!;
        r.Send(ours); // our own announcement coming back over loopback
        var other = HyperswarmMdns.AnnounceAnswers(Name, 5555, HyperswarmMdns.NewId()).ToList();
        r.Send(HyperswarmMdns.Response(other));
        await WaitUntil(() => { lock (found) return found.Count > 0; });
        await Task.Delay(200);
        lock (found)
        {
            var peer = Assert.Single(found);
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, 5555), peer.EndPoint);
            Assert.Equal(PeerSource.Lan, peer.Source);
            Assert.Equal(Topic, peer.Topic.ToArray());
        }
    }

    [Fact]
    public async Task Garbage_is_dropped_and_counted_and_the_responder_keeps_answering()
    {
        await using var r = new MdnsResponder();
        await using var join = await r.Discovery.JoinAsync(Topic, 4321, announce: true, lookup: false);
        await r.ReceiveAsync(Wait);
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            var junk = new byte[random.Next(0, 300)];
            random.NextBytes(junk);
            r.Send(junk);
            if (i % 20 == 0) await Task.Delay(5); // paced, so the kernel's receive buffer does not drop them first
        }
        await WaitUntil(() => r.Discovery.PacketsDropped >= 400);
        r.Send(HyperswarmMdns.Query(Name));
        DnsPacket? answer;
        do answer = await r.ReceiveAsync(Wait);
        while (answer is not null && answer.Answers.Count != 3);
        Assert.NotNull(answer);
    }

    [Fact]
    public async Task A_flood_of_queries_is_not_amplified_beyond_the_response_budget()
    {
        await using var r = new MdnsResponder(maxResponsesPerSecond: 5);
        await using var join = await r.Discovery.JoinAsync(Topic, 4321, announce: true, lookup: false);
        await r.ReceiveAsync(Wait);
        var query = DnsPacketWriter.Encode(HyperswarmMdns.Query(Name));
        for (var i = 0; i < 300; i++) r.Send(query);
        var answers = 0;
        while (await r.ReceiveAsync(TimeSpan.FromMilliseconds(400)) is not null) answers++;
        Assert.InRange(answers, 1, 30); // 300 queries, at most 5 answers a second while the flood is processed
    }

    [Fact]
    public async Task A_flood_of_bogus_announcements_reports_a_bounded_number_of_peers()
    {
        await using var r = new MdnsResponder(maxPeersPerSecond: 20);
        var found = 0;
        r.Discovery.PeerFound += (_, _) => Interlocked.Increment(ref found);
        await using var join = await r.Discovery.JoinAsync(Topic, 0, announce: false, lookup: true);
        for (var i = 0; i < 1000; i++)
            r.Send(HyperswarmMdns.Response([.. HyperswarmMdns.AnnounceAnswers(Name, 1000 + i, HyperswarmMdns.NewId())]));
        await Task.Delay(500);
        Assert.InRange(Volatile.Read(ref found), 1, 100); // 1000 announcements, at most 20 peers a second
    }

    [Fact]
    public async Task Several_topics_are_answered_at_once_and_a_topic_left_is_answered_no_more()
    {
        await using var r = new MdnsResponder();
        var other = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        var otherName = HyperswarmMdns.NameOf(other);
        var first = await r.Discovery.JoinAsync(Topic, 4321, announce: true, lookup: false);
        await using var second = await r.Discovery.JoinAsync(other, 4322, announce: true, lookup: false);
        await r.ReceiveAsync(Wait);
        await r.ReceiveAsync(Wait);
        r.Send(new DnsPacket(0, 0, [new DnsQuestion(Name, DnsType.Srv), new DnsQuestion(otherName, DnsType.Srv)], []));
        var both = (await r.ReceiveAsync(Wait))!;
        Assert.Equal([(ushort)4321, (ushort)4322], both.Answers.Where(a => a.Srv is not null).Select(a => a.Srv!.Port));

        await first.DisposeAsync();
        r.Send(HyperswarmMdns.Query(Name));
        Assert.Null(await r.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
        r.Send(HyperswarmMdns.Query(otherName));
        Assert.Equal(4322, (await r.ReceiveAsync(Wait))!.Answers[0].Srv!.Port);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!condition()) await Task.Delay(20, cts.Token);
    }
}

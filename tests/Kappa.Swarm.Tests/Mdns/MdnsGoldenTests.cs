using System.Net;
using System.Text.Json;
using Kappa.Swarm.Mdns;
using Kappa.TestSupport;

namespace Kappa.Swarm.Tests.Mdns;

/// <summary>Our multicast DNS bytes against hyperswarm 2.15.3's (dns-packet 5.6 via tests/interop/lib/swarm-mdns.js).</summary>
public class MdnsGoldenTests
{
    private const string VectorTopic = "c00174c731c721561cf1a8e7457f88d071d8d6b12b42dd7a8b73b254c153d472";
    private static readonly byte[] Id = [.. "id="u8, .. Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1))];

    [Fact]
    public void The_lookup_query_for_the_default_topic_is_the_75_bytes_of_discovery_md()
    {
        var name = HyperswarmMdns.NameOf(Convert.FromHexString(VectorTopic));
        var bytes = DnsPacketWriter.Encode(HyperswarmMdns.Query(name));
        Assert.Equal(75, bytes.Length);
        Assert.Equal("000000000001000000000000" + "28" + Convert.ToHexStringLower("c00174c731c721561cf1a8e7457f88d071d8d6b1"u8)
            + "0a" + Convert.ToHexStringLower("hyperswarm"u8) + "05" + Convert.ToHexStringLower("local"u8) + "00" + "0021" + "0001",
            Convert.ToHexStringLower(bytes));
    }

    [JsFact]
    public async Task Query_announcement_and_answer_are_byte_identical_to_hyperswarm()
    {
        var golden = await JsGoldenAsync(VectorTopic, 13331, "10.1.2.3");
        var name = HyperswarmMdns.NameOf(Convert.FromHexString(VectorTopic));
        var answers = HyperswarmMdns.AnnounceAnswers(name, 13331, Id).ToList();
        Assert.Equal(golden["query"], Hex(HyperswarmMdns.Query(name)));
        Assert.Equal(golden["announce"], Hex(HyperswarmMdns.Response(answers)));
        Assert.Equal(golden["answer"], Hex(HyperswarmMdns.Response([.. answers, HyperswarmMdns.Referrer(IPAddress.Parse("10.1.2.3"))])));
    }

    [JsFact]
    public async Task Hyperswarm_packets_decode_with_the_binary_id_intact_and_re_encode_identically()
    {
        var topic = Convert.ToHexStringLower(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray());
        var golden = await JsGoldenAsync(topic, 40000, "192.168.7.9");
        foreach (var (name, hex) in golden.Where(g => g.Key != "compressed"))
        {
            var packet = DnsPacketReader.Decode(Convert.FromHexString(hex));
            Assert.Equal(hex, Hex(packet));
            if (name == "query") continue;
            Assert.Equal(Id, HyperswarmMdns.IdOf(packet.Answers, packet.Answers[0].Name));
            Assert.Equal(40000, packet.Answers[0].Srv!.Port);
        }
    }

    [JsFact]
    public async Task A_compressed_response_with_cache_flush_and_additionals_decodes_like_dns_packet()
    {
        var golden = await JsGoldenAsync(VectorTopic, 13332, "127.0.0.1");
        var packet = DnsPacketReader.Decode(Convert.FromHexString(golden["compressed"]));
        var name = HyperswarmMdns.NameOf(Convert.FromHexString(VectorTopic));
        Assert.True(packet.IsResponse);
        Assert.Equal(7, packet.Id);
        Assert.Equal([name, name], packet.Answers.Select(a => a.Name));
        Assert.True(packet.Answers[0].CacheFlush);
        Assert.Equal(new SrvData(1, 2, 13332, "0.0.0.0"), packet.Answers[0].Srv);
        Assert.Equal(4500u, packet.Answers[1].Ttl);
        Assert.Equal(Id, packet.Answers[1].Txt![0]);
        Assert.Equal("x"u8.ToArray(), packet.Answers[1].Txt![1]);
        Assert.Equal(IPAddress.Parse("10.0.0.9"), packet.Additionals.Single().Address);
    }

    [JsFact]
    public async Task Hyperswarm_decodes_our_answer_with_its_referrer()
    {
        var name = HyperswarmMdns.NameOf(Convert.FromHexString(VectorTopic));
        var ours = Hex(HyperswarmMdns.Response([.. HyperswarmMdns.AnnounceAnswers(name, 13333, Id), HyperswarmMdns.Referrer(IPAddress.Parse("172.16.0.4"))]));
        var decoded = (await JsReference.RunAsync(["mdns", "--decode", ours])).EnsureSuccess().OnlyLine();
        var answers = decoded.GetProperty("answers");
        Assert.Equal("response", decoded.GetProperty("type").GetString());
        Assert.Equal(13333, answers[0].GetProperty("data").GetProperty("port").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(Id), answers[1].GetProperty("data")[0].GetProperty("hex").GetString());
        Assert.Equal("172.16.0.4", answers[2].GetProperty("data").GetString());
    }

    private static string Hex(DnsPacket packet) => Convert.ToHexStringLower(DnsPacketWriter.Encode(packet));

    private static async Task<Dictionary<string, string>> JsGoldenAsync(string topic, int port, string querier)
    {
        var result = (await JsReference.RunAsync(["mdns", "--encode", "--topic", topic, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--id", Convert.ToHexStringLower(Id.AsSpan(3)), "--querier", querier])).EnsureSuccess();
        return result.Lines.ToDictionary(l => l.GetProperty("case").GetString()!, l => l.GetProperty("hex").GetString()!);
    }
}

using System.Globalization;

namespace Kappa.TestSupport;

/// <summary>
/// A LAN of the test's own: one network namespace per host, each joined by a veth pair to a
/// bridge in a hub namespace (10.77.0.0/24, multicast routed over the host's own <c>eth0</c>), so
/// a host's link can be cut (its bridge port taken down: "cable pulled", the host keeps its
/// address and routes) or slowed (a token-bucket filter queueing its traffic). Nothing reaches
/// anything outside these namespaces. Disposing kills every process inside and deletes them all,
/// also when the test failed. The kernel here has no <c>sch_netem</c>, hence <c>tbf</c> for delay.
/// </summary>
public sealed class BridgedLan : IDisposable
{
    private readonly NetworkNamespace _hub;
    private readonly List<NetworkNamespace> _hosts = [];

    private BridgedLan(NetworkNamespace hub) => _hub = hub;

    /// <summary>The hosts' namespaces; host <c>i</c> has address 10.77.0.(i+1).</summary>
    public IReadOnlyList<NetworkNamespace> Hosts => _hosts;

    /// <summary>Creates the hub with its bridge and <paramref name="hosts"/> host namespaces plugged into it.</summary>
    public static BridgedLan Create(int hosts)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hosts, 200);
        var lan = new BridgedLan(NetworkNamespace.CreateBare());
        try
        {
            lan._hub.Exec("ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            lan._hub.Exec("ip", "link", "set", "br0", "up");
            for (var i = 0; i < hosts; i++) lan.Plug(i);
        }
        catch
        {
            lan.Dispose();
            throw;
        }
        return lan;
    }

    private void Plug(int i)
    {
        var host = NetworkNamespace.CreateBare();
        _hosts.Add(host);
        var port = Port(i);
        _hub.Exec("ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.Name);
        _hub.Exec("ip", "link", "set", port, "master", "br0");
        _hub.Exec("ip", "link", "set", port, "up");
        host.Exec("ip", "addr", "add", $"10.77.0.{(i + 1).ToString(CultureInfo.InvariantCulture)}/24", "dev", "eth0");
        host.Exec("ip", "link", "set", "eth0", "up");
        host.Exec("ip", "route", "add", "224.0.0.0/4", "dev", "eth0");
    }

    /// <summary>Cuts host <paramref name="i"/>'s link (its bridge port goes down: nothing in or out, connections stall).</summary>
    public void Cut(int i) => _hub.Exec("ip", "link", "set", Port(i), "down");

    /// <summary>Restores host <paramref name="i"/>'s link.</summary>
    public void Heal(int i) => _hub.Exec("ip", "link", "set", Port(i), "up");

    /// <summary>Slows traffic to host <paramref name="i"/> to <paramref name="kbit"/> kbit/s, queueing up to <paramref name="latencyMs"/> ms (tbf).</summary>
    public void Slow(int i, int kbit, int latencyMs) =>
        _hub.Exec("tc", "qdisc", "replace", "dev", Port(i), "root", "tbf", "rate", kbit.ToString(CultureInfo.InvariantCulture) + "kbit",
            "burst", "4kb", "latency", latencyMs.ToString(CultureInfo.InvariantCulture) + "ms");

    /// <summary>Removes the slowdown of host <paramref name="i"/> (no error when there is none).</summary>
    public void Unslow(int i)
    {
        try { _hub.Exec("tc", "qdisc", "del", "dev", Port(i), "root"); }
        catch (InvalidOperationException) { } // no qdisc of ours on it
    }

    /// <summary>Kills every process in every host and deletes all the namespaces.</summary>
    public void Dispose()
    {
        foreach (var host in _hosts) host.Dispose();
        _hub.Dispose();
    }

    private static string Port(int i) => "h" + i.ToString(CultureInfo.InvariantCulture);
}

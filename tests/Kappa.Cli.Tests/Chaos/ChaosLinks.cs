using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Chaos;

/// <summary>The link faults of the chaos test: cuts and slowdowns of random hosts, each undone after a random while.</summary>
internal sealed class ChaosLinks(BridgedLan lan, Random rng, ChaosTally tally)
{
    private readonly Dictionary<int, DateTime> _cut = [];
    private readonly Dictionary<int, DateTime> _slow = [];

    public void CutOne(DateTime now)
    {
        var host = rng.Next(lan.Hosts.Count);
        if (!_cut.TryAdd(host, now.AddMilliseconds(rng.Next(1000, 6000)))) return;
        lan.Cut(host);
        tally.Cuts++;
    }

    public void SlowOne(DateTime now)
    {
        var host = rng.Next(lan.Hosts.Count);
        if (!_slow.TryAdd(host, now.AddMilliseconds(rng.Next(2000, 8000)))) return;
        lan.Slow(host, kbit: rng.Next(32, 257), latencyMs: 2000);
        tally.Slowdowns++;
    }

    /// <summary>Undoes the faults whose time is over.</summary>
    public void Tick(DateTime now)
    {
        foreach (var (host, until) in _cut.ToList()) if (until <= now) { lan.Heal(host); _cut.Remove(host); }
        foreach (var (host, until) in _slow.ToList()) if (until <= now) { lan.Unslow(host); _slow.Remove(host); }
    }

    public void HealAll() => Tick(DateTime.MaxValue);
}

using Kappa.Server.Api;

namespace Kappa.Server.Events;

/// <summary>Samples the swarm's connections and reports new or changed ones, and ones that ended (<c>gone</c>).</summary>
internal sealed class PeerWatcher(SwarmAccess access)
{
    private Dictionary<string, PeerInfo> _last = new(StringComparer.Ordinal);

    public List<PeerInfo> Changes()
    {
        var changed = new List<PeerInfo>();
        if (access.Swarm is not { } swarm) return changed;
        var now = new Dictionary<string, PeerInfo>(StringComparer.Ordinal);
        foreach (var peer in swarm.Peers)
        {
            var info = PeerInfo.From(peer);
            now[info.Id] = info;
            if (!_last.TryGetValue(info.Id, out var before) || before != info) changed.Add(info);
        }
        foreach (var (id, gone) in _last)
            if (!now.ContainsKey(id)) changed.Add(gone with { State = "gone" });
        _last = now;
        return changed;
    }
}

using System.Net;
using System.Text.Json;
using Kappa.Swarm;

namespace Kappa.Cli.Output;

/// <summary>
/// <c>kappa swarm --json</c> output: one JSON object per line, written whole under a lock (events
/// come from the swarm's threads) and flushed at once so scripts see them as they happen.
/// </summary>
internal sealed class SwarmEvents(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(string name, Dictionary<string, object?> fields)
    {
        var line = new Dictionary<string, object?> { ["event"] = name };
        foreach (var (k, v) in fields) line[k] = v;
        var text = JsonSerializer.Serialize(line);
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    public static Dictionary<string, object?> Fields(SwarmPeer peer) => new()
    {
        ["address"] = peer.Address.ToString(),
        ["source"] = SourceName(peer.Source),
        ["initiator"] = peer.IsInitiator,
        ["blocksIn"] = peer.BlocksIn,
        ["blocksOut"] = peer.BlocksOut,
        ["remoteId"] = peer.RemoteId,
    };

    public static string SourceName(Kappa.Swarm.Discovery.PeerSource source) => source.ToString().ToLowerInvariant();

    public static string Address(IPEndPoint address) => address.ToString();
}

using System.CommandLine;
using Kappa.Cli.Output;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.Swarm;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa swarm --store DIR [--key HEX] [--port N] [--no-lan] [--no-dht] [--bootstrap HOST:PORT,...] [--until-synced] [--timeout S] [--json]</c>:
/// joins the store's hyperswarm 2 topic, announces and looks up on the LAN and the DHT, and
/// replicates with every peer found — live until Ctrl+C, or until one sync completes.
/// </summary>
internal static class SwarmCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var key = new Option<string?>("--key") { Description = "Shared exchange key, 64 hex characters (default: multifeed's public key)." };
        var port = new Option<int?>("--port") { Description = "TCP port to listen on (default: 13331, 13332, 13333, then any free port)." };
        var noLan = new Option<bool>("--no-lan") { Description = "Do not use multicast DNS on the local network." };
        var noDht = new Option<bool>("--no-dht") { Description = "Do not use the hyperswarm DHT." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "DHT bootstrap nodes, HOST:PORT[,HOST:PORT...] (default: the public hyperswarm 2 nodes)." };
        var untilSynced = new Option<bool>("--until-synced") { Description = "Exit 0 as soon as a sync with one peer is complete (both sides hold what the other had)." };
        var timeout = new Option<double>("--timeout") { Description = "With --until-synced: give up after this many seconds.", DefaultValueFactory = _ => 60 };
        var json = new Option<bool>("--json") { Description = "Print events as JSON lines instead of a live table." };
        var command = new Command("swarm", "Find peers for the store (LAN multicast DNS and the DHT, hyperswarm 2 compatible) and replicate with each of them.")
        {
            store, key, port, noLan, noDht, bootstrap, untilSynced, timeout, json,
        };
        CliAction.Set(command, async (parse, outer) =>
        {
            using var stop = new StopSignal(outer);
            var ct = stop.Token;
            var once = parse.GetValue(untilSynced);
            var options = new SwarmOptions
            {
                Port = parse.GetValue(port),
                Lan = !parse.GetValue(noLan),
                Dht = !parse.GetValue(noDht),
                Bootstrap = parse.GetValue(bootstrap)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Replication = new ReplicationOptions { Live = !once, EncryptionKey = parse.GetValue(key) is { } hex ? ParseKey(hex) : null },
            };
            var asJson = parse.GetValue(json) || Console.IsOutputRedirected;
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, ct: ct);
            options = options with { PeerId = CabalIdentity.LocalKey(fs) }; // a cabal is counted by its local writer's key
            var run = new SwarmRun(fs, options, asJson ? new SwarmEvents(Console.Out) : null);
            return once
                ? await run.UntilSyncedAsync(TimeSpan.FromSeconds(parse.GetValue(timeout)), ct)
                : await run.LiveAsync(ct);
        });
        return command;
    }

    private static byte[] ParseKey(string hex)
    {
        if (hex.Length != 64) throw new FormatException("--key is 64 hex characters (32 bytes).");
        try { return Convert.FromHexString(hex); }
        catch (FormatException) { throw new FormatException("--key is 64 hex characters (32 bytes)."); }
    }
}

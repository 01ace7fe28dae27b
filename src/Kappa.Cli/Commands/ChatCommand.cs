using System.CommandLine;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa chat</c>: a Cabal-compatible chat. Without a subcommand, the full-screen terminal
/// client (<see cref="ChatTerminal"/>); the subcommands are for scripts (<see cref="ChatScriptCommands"/>).
/// </summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store(required: false);
        store.Description = "The cabal's store (default: a per-user folder keyed by the cabal key).";
        var key = new Argument<string?>("KEY") { Description = "cabal://<64 hex> (default: the store's cabal, or a new one).", Arity = ArgumentArity.ZeroOrOne };
        var nick = new Option<string?>("--nick") { Description = "Set your nick on start." };
        var connect = new Option<string?>("--connect") { Description = "Replicate live with a peer at HOST:PORT (IPv4 address)." };
        var listen = new Option<string?>("--listen") { Description = "Accept peers on HOST:PORT and replicate live with each." };
        var noSwarm = new Option<bool>("--no-swarm") { Description = "Do not join the cabal's swarm (LAN multicast DNS and the hyperswarm DHT); peers only from --connect/--listen." };
        var noDht = new Option<bool>("--no-dht") { Description = "Join the swarm on the LAN only (multicast DNS), not the hyperswarm DHT." };
        var command = new Command("chat", "Chat in a cabal (Cabal-compatible): a terminal client, or nick|send|topic|read|channels for scripts.") { store, key, nick, connect, listen, noSwarm, noDht };
        foreach (var sub in ChatScriptCommands.Create()) command.Subcommands.Add(sub);
        CliAction.Set(command, (parse, ct) => ChatTerminal.RunAsync(parse.GetValue(store), parse.GetValue(key), parse.GetValue(nick), parse.GetValue(connect), parse.GetValue(listen), !parse.GetValue(noSwarm), !parse.GetValue(noDht), ct));
        return command;
    }
}

using System.CommandLine;
using Kappa.Cli.Commands;

namespace Kappa.Cli;

/// <summary>The <c>kappa</c> tool: create, append, read, verify, replicate and demo a store from the shell.</summary>
public static class KappaCli
{
    /// <summary>Runs the tool; returns the process exit code (0 ok, 1 failure, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Kappa.NET: a peer-to-peer database of signed append-only logs and views, compatible with kappa-core 6.")
        {
            AppendCommand.Create(),
            FeedsCommand.Create(),
            CatCommand.Create(),
            VerifyCommand.Create(),
            ReplicateCommand.Create(),
            SwarmCommand.Create(),
            SumCommand.Create(),
            ListCommand.Create(),
            KvCommand.Create(),
            QueryCommand.Create(),
            InfoCommand.Create(),
            DemoCommand.Create(),
            ServeCommand.Create(),
            ChatCommand.Create(),
        };
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        // `swarm` handles SIGINT/SIGTERM itself, so it can close every connection before exiting
        // (System.CommandLine would end the process with 130 while the swarm is still closing).
        if (parse.CommandResult.Command.Name == "swarm") config.ProcessTerminationTimeout = null;
        var code = await parse.InvokeAsync(config).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? 2 : code;
    }
}

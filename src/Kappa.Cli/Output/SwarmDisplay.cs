using Kappa.Swarm;
using Spectre.Console;

namespace Kappa.Cli.Output;

/// <summary><c>kappa swarm</c> on a terminal: a live table of peers and transfer (Spectre.Console), until stopped.</summary>
internal static class SwarmDisplay
{
    public static async Task RunAsync(KappaSwarm swarm, Func<string> status, Task until, CancellationToken ct)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumns("peer", "peer id", "found via", "we dialled", "blocks in", "blocks out", "connected");
        await AnsiConsole.Live(table).AutoClear(false).StartAsync(async ctx =>
        {
            while (!ct.IsCancellationRequested && !until.IsCompleted)
            {
                table.Rows.Clear();
                foreach (var p in swarm.Peers.OrderBy(p => p.ConnectedAt))
                    table.AddRow(p.Address.ToString(), p.RemoteId is { } id ? id[..8] + "…" : "-", SwarmEvents.SourceName(p.Source), p.IsInitiator ? "yes" : "no",
                        p.BlocksIn.ToString(System.Globalization.CultureInfo.InvariantCulture), p.BlocksOut.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"{(DateTimeOffset.UtcNow - p.ConnectedAt).TotalSeconds:0} s ago");
                table.Caption(Markup.Escape(status()));
                ctx.Refresh();
                try { await Task.WhenAny(until, Task.Delay(500, ct)); }
                catch (OperationCanceledException) { }
            }
        });
    }
}

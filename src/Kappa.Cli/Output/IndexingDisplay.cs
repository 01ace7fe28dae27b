using Kappa.Core;
using Kappa.Core.Views;
using Spectre.Console;

namespace Kappa.Cli.Output;

/// <summary>A progress bar while a view catches up (terminal only).</summary>
internal static class IndexingDisplay
{
    public static async Task RunAsync(KappaCore core, string view, CancellationToken ct)
    {
        var ready = core.ReadyAsync([view], ct);
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var bar = ctx.AddTask($"indexing {view}", maxValue: 1);
            while (!ready.IsCompleted)
            {
                var s = core.GetViewStatus(view);
                bar.MaxValue = Math.Max(1, s.TotalEntries);
                bar.Value = s.IndexedEntries;
                bar.Description = $"indexing {view}: {s.IndexedEntries}/{s.TotalEntries}";
                await Task.WhenAny(ready, Task.Delay(100, ct)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await ready.ConfigureAwait(false); // surfaces a fault as the view's error
    }
}

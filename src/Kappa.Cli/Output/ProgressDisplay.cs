using Kappa.Multifeed.Replication;
using Spectre.Console;

namespace Kappa.Cli.Output;

/// <summary>Live progress of a replication on a terminal (Spectre.Console); plain output is used when redirected.</summary>
internal static class ProgressDisplay
{
    public static async Task<ReplicationResult> RunAsync(ReplicationSession session, bool live)
    {
        ReplicationResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var feeds = ctx.AddTask("feeds", autoStart: true, maxValue: 1);
                var blocks = ctx.AddTask("blocks", autoStart: true, maxValue: 1);
                blocks.IsIndeterminate = true;
                while (!session.Completion.IsCompleted)
                {
                    var p = session.Progress;
                    feeds.MaxValue = Math.Max(1, p.FeedsTotal);
                    feeds.Value = p.FeedsDone;
                    feeds.Description = $"feeds {p.FeedsDone}/{p.FeedsTotal}";
                    blocks.Description = $"received {p.BlocksReceived} blocks ({p.BytesReceived / 1024} KiB), sent {p.BlocksSent}{(live ? " — live, Ctrl+C to stop" : "")}";
                    await Task.WhenAny(session.Completion, Task.Delay(200)).ConfigureAwait(false);
                }
                result = await session.Completion.ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result!;
    }
}

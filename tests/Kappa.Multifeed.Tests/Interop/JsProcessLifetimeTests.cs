using System.Diagnostics;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Interop;

// The harness never leaks node processes and reports failures with the child's stderr.
public class JsProcessLifetimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsFact]
    public async Task Disposing_a_running_process_kills_it()
    {
        using var dir = new TempDirectory("js-proc");
        var process = JsReference.Start(["replicate", "--store", dir.Path, "--listen", "0", "--live"]);
        await process.WaitForListeningAsync(Timeout);
        var pid = process.Id;
        Assert.True(IsRunning(pid));

        await process.DisposeAsync();

        Assert.False(IsRunning(pid));
    }

    [JsFact]
    public async Task A_failing_test_body_still_ends_the_process()
    {
        using var dir = new TempDirectory("js-proc");
        var pid = 0;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var process = JsReference.Start(["replicate", "--store", dir.Path, "--listen", "0"]);
            await process.WaitForListeningAsync(Timeout);
            pid = process.Id;
            throw new InvalidOperationException("the test failed here");
        });

        Assert.Equal("the test failed here", failure.Message);
        Assert.False(IsRunning(pid));
    }

    [JsFact]
    public async Task StopAsync_stops_a_live_peer_with_exit_code_0_and_a_stopped_line()
    {
        using var dir = new TempDirectory("js-proc");
        await using var process = JsReference.Start(["replicate", "--store", dir.Path, "--listen", "0", "--live", "--writer", "w"]);
        await process.WaitForListeningAsync(Timeout);

        Assert.Equal(0, await process.StopAsync());
        Assert.Single(process.Lines, l => l.IsEvent("stopped"));
    }

    [JsFact]
    public async Task StopAsync_sends_SIGTERM_which_a_non_live_peer_reports_as_an_unfinished_session()
    {
        using var dir = new TempDirectory("js-proc");
        await using var process = JsReference.Start(["replicate", "--store", dir.Path, "--listen", "0"]);
        await process.WaitForListeningAsync(Timeout);

        Assert.Equal(2, await process.StopAsync());
        var error = Assert.Single(process.Lines, l => l.IsEvent("error")).Str("message");
        // StopAsync signals first and closes stdin only if that did not work; Windows has no SIGTERM.
        Assert.Equal(OperatingSystem.IsWindows() ? "stdin closed before the replication ended" : "SIGTERM before the replication ended", error);
    }

    [JsFact]
    public async Task A_peer_whose_stdin_closes_stops_by_itself_as_when_the_test_host_dies()
    {
        using var dir = new TempDirectory("js-proc");
        await using var process = JsReference.Start(["replicate", "--store", dir.Path, "--listen", "0"]);
        await process.WaitForListeningAsync(Timeout);

        process.CloseStdin();

        Assert.Equal(2, await process.WaitForExitAsync(Timeout));
        Assert.Contains(process.Lines, l => l.IsEvent("error") && l.Str("message") == "stdin closed before the replication ended");
    }

    [JsFact]
    public async Task Waiting_for_a_line_fails_fast_with_stderr_when_the_process_exits_without_it()
    {
        using var dir = new TempDirectory("js-proc");
        await using var process = JsReference.Start(["dump", "--store", dir.Combine("missing")]);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<JsReferenceException>(() => process.WaitForLineAsync(l => l.Is("type", "feed"), Timeout));

        Assert.True(clock.Elapsed < Timeout / 2, $"took {clock.Elapsed}");
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited (code 1)", error.Message, StringComparison.Ordinal);
    }

    [JsFact]
    public async Task RunAsync_kills_a_process_that_outlives_its_timeout_and_reports_its_output()
    {
        // 10 s: long enough for Node to start and print "listening" on a loaded CI machine (the
        // sibling test below once saw no output at all within 2 s), short next to the suite.
        using var dir = new TempDirectory("js-proc");

        var error = await Assert.ThrowsAsync<JsTimeoutException>(() =>
            JsReference.RunAsync(["replicate", "--store", dir.Path, "--listen", "0"], timeout: TimeSpan.FromSeconds(10)));

        Assert.Contains(error.StdoutLines, l => l.Contains("\"listening\"", StringComparison.Ordinal));
        Assert.Contains("listening", error.Message, StringComparison.Ordinal);
        Assert.False(IsRunning(error.ProcessId));
    }

    [JsFact]
    public async Task Waiting_for_a_line_that_never_comes_times_out_with_the_output_so_far()
    {
        using var dir = new TempDirectory("js-proc");
        await using var process = JsReference.Start(["replicate", "--store", dir.Path, "--listen", "0"]);
        // Node's start-up alone can take more than the short wait below on a loaded machine (CI saw
        // no output at all after 2 s), so the line that does come is awaited first.
        await process.WaitForLineAsync(l => l.IsEvent("listening"), Timeout);

        var error = await Assert.ThrowsAsync<JsTimeoutException>(() => process.WaitForLineAsync(l => l.IsEvent("done"), TimeSpan.FromSeconds(2)));

        Assert.Contains(error.StdoutLines, l => l.Contains("\"listening\"", StringComparison.Ordinal));
        Assert.False(process.HasExited);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

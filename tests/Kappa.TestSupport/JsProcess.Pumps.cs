using System.Text.Json;

namespace Kappa.TestSupport;

// Reading the child's pipes and killing it: the parts of JsProcess that touch the OS process.
public sealed partial class JsProcess
{
    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var parsed = TryParse(line);
                TaskCompletionSource changed;
                lock (_gate)
                {
                    _stdout.Add(line);
                    _json.Add(parsed);
                    changed = _changed;
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                changed.TrySetResult();
            }
        }
        finally
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                _stdoutClosed = true;
                changed = _changed;
            }
            changed.TrySetResult();
        }
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        int n;
        while ((n = await _process.StandardError.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            lock (_gate) _stderr.Append(buffer, 0, n);
    }

    private async Task FeedStdinAsync(string? stdin, bool keepOpen)
    {
        try
        {
            if (stdin is not null)
            {
                await _process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The process exited before reading all of stdin; its exit code and stderr say why.
        }
        if (!keepOpen) CloseStdin();
    }

    /// <summary>Writes one line to the child's stdin (a command for <c>kappa-js.js cabal</c>); the process must have been started with <see cref="JsReference.Start"/>.</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the child's stdin, as the OS does when the test host dies: a process from
    /// <see cref="JsReference.Start"/> running <c>replicate</c> then stops by itself.
    /// </summary>
    public void CloseStdin()
    {
        try { _process.StandardInput.Close(); }
        catch (IOException) { /* already closed by the child exiting */ }
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void KillTree()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* exited meanwhile */ }
        catch (System.ComponentModel.Win32Exception) { /* exiting; nothing left to kill */ }
    }

    // Output pumps end when the child closes its pipes; bounded so a grandchild holding a pipe
    // open cannot hang a test.
    private async Task DrainAsync()
    {
        using var cts = new CancellationTokenSource(DrainTimeout);
        await WaitQuietlyAsync(Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(cts.Token)).ConfigureAwait(false);
    }

    private static async Task WaitQuietlyAsync(Task task)
    {
        try { await task.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        catch (IOException) { }
    }

    private static JsonElement? TryParse(string line)
    {
        if (line.Length == 0 || line[0] != '{') return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

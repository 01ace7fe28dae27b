using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Swarm.Tests.Dht;

/// <summary>
/// A node.js script from tests/interop/lib (dht-*.js) as a child process: stdout read as JSON
/// lines, commands written to stdin one per line, the process killed on dispose (tests clean up
/// even when they fail).
/// </summary>
internal sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly Task _stdout;
    private readonly Task _stderrPump;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeScript(string script, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(JsReference.NodeExecutable ?? throw new InvalidOperationException(JsReference.UnavailableReason))
        {
            WorkingDirectory = RepoPaths.Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Interop, "lib", script));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("NODE_OPTIONS");
        _process = Process.Start(info)!;
        _stdout = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(async () =>
        {
            string? line;
            while ((line = await _process.StandardError.ReadLineAsync()) is not null)
                lock (_gate) _stderr.AppendLine(line);
        });
    }

    public static NodeScript Start(string script, params string[] args) => new(script, args);

    /// <summary>Runs a script to its end and returns its JSON lines.</summary>
    public static async Task<IReadOnlyList<JsonElement>> RunAsync(string script, params string[] args)
    {
        await using var run = Start(script, args);
        run._process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await run._process.WaitForExitAsync(cts.Token);
        await run._stdout;
        Assert.True(run._process.ExitCode == 0, $"{script} exited {run._process.ExitCode}: {run.Stderr}");
        lock (run._gate) return [.. run._lines];
    }

    public string Stderr
    {
        get { lock (_gate) return _stderr.ToString(); }
    }

    public IReadOnlyList<JsonElement> Lines
    {
        get { lock (_gate) return [.. _lines]; }
    }

    /// <summary>Writes one command line (a JSON object) to the script's stdin.</summary>
    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for a line with "event" = <paramref name="name"/> matching <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool>? match = null, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                foreach (var line in _lines)
                    if (line.TryGetProperty("event", out var e) && e.GetString() == name && (match?.Invoke(line) ?? true)) return line;
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited && changed.IsCompleted)
                throw new TimeoutException($"no \"{name}\" event from the JS node; stdout: {string.Join("\n", Lines)}\nstderr: {Stderr}");
            await Task.WhenAny(changed, Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        string? line;
        while ((line = await _process.StandardOutput.ReadLineAsync()) is not null)
        {
            JsonElement json;
            try
            {
                json = JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }
            lock (_gate)
            {
                _lines.Add(json);
                _changed.TrySetResult();
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        lock (_gate) _changed.TrySetResult();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Kappa.TestSupport;

/// <summary>
/// A running kappa-js.js process (see <see cref="JsReference.Start"/>). Stdout is read as it
/// arrives, one JSON object per line; stderr is kept for failure messages. Disposing kills the
/// whole process tree if it is still running, so a failing test never leaks a node process;
/// a process-exit hook does the same for anything a crashed test forgot.
/// </summary>
public sealed partial class JsProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<JsProcess, byte> Running = new();
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _stdout = [];
    private readonly List<JsonElement?> _json = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stdoutClosed;
    private int _disposed;

    static JsProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var p in Running.Keys) p.KillTree();
    };

    internal JsProcess(ProcessStartInfo info, string? stdin, bool keepStdinOpen)
    {
        Arguments = [.. info.ArgumentList.Skip(1)];
        _process = new Process { StartInfo = info };
        _process.Start();
        Running[this] = 0;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
        if (stdin is not null || !keepStdinOpen) _ = FeedStdinAsync(stdin, keepStdinOpen);
    }

    /// <summary>The command-line arguments after the script path.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>A snapshot of every stdout line received so far, in order.</summary>
    public IReadOnlyList<string> StdoutLines
    {
        get { lock (_gate) return [.. _stdout]; }
    }

    /// <summary>A snapshot of the stdout lines that parsed as JSON, in order.</summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get { lock (_gate) return [.. _json.Where(j => j.HasValue).Select(j => j!.Value)]; }
    }

    /// <summary>A snapshot of stderr so far.</summary>
    public string Stderr
    {
        get { lock (_gate) return _stderr.ToString(); }
    }

    /// <summary>
    /// Sends one JSON command line to a peer script that answers <c>{"type":"reply","name":NAME,…}</c>
    /// (tests/interop/lib/*-peer.js) and returns the first such reply after the ones already seen;
    /// an error reply fails the test with the peer's message.
    /// </summary>
    public async Task<JsonElement> RequestAsync(string json, string name, TimeSpan timeout)
    {
        var before = Lines.Count(l => l.Is("reply", name));
        await SendLineAsync(json).ConfigureAwait(false);
        var seen = 0;
        var reply = await WaitForLineAsync(l => l.Is("reply", name) && ++seen > before, timeout).ConfigureAwait(false);
        Xunit.Assert.False(reply.TryGetProperty("error", out var error), $"{name}: {error}");
        return reply;
    }

    /// <summary>
    /// Waits for a stdout JSON line matching <paramref name="predicate"/>, looking at every line
    /// since the start (lines that arrived before the call count), and returns the first match.
    /// A predicate that throws <see cref="KeyNotFoundException"/> or <see cref="InvalidOperationException"/>
    /// (a missing property, a wrong kind) counts as "no match". Throws <see cref="JsReferenceException"/>
    /// as soon as the process has exited without printing such a line, and
    /// <see cref="JsTimeoutException"/> after <paramref name="timeout"/> (the process keeps running).
    /// </summary>
    public async Task<JsonElement> WaitForLineAsync(Func<JsonElement, bool> predicate, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var next = 0;
        while (true)
        {
            List<JsonElement?> fresh;
            Task changed;
            bool closed;
            lock (_gate)
            {
                fresh = _json.GetRange(next, _json.Count - next);
                next = _json.Count;
                changed = _changed.Task;
                closed = _stdoutClosed;
            }
            foreach (var line in fresh)
                if (line is { } e && Matches(predicate, e)) return e;
            if (closed)
            {
                // Stdout closes a moment before the exit is observable; wait for both (bounded).
                using (var exit = new CancellationTokenSource(DrainTimeout))
                    await WaitQuietlyAsync(_process.WaitForExitAsync(exit.Token)).ConfigureAwait(false);
                await DrainAsync().ConfigureAwait(false);
                throw new JsReferenceException($"kappa-js exited (code {ExitCodeText()}) without printing the awaited line. {Describe()}");
            }
            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new JsTimeoutException($"No matching line from kappa-js within {timeout.TotalSeconds:0.#} s. {Describe()}", Id, StdoutLines, Stderr);
            }
        }
    }

    /// <summary>
    /// Waits for the process to exit and for its output to be fully read; returns the exit code.
    /// After <paramref name="timeout"/> the process tree is killed and <see cref="JsTimeoutException"/>
    /// is thrown; cancelling <paramref name="ct"/> kills it too.
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree();
            await WaitQuietlyAsync(_process.WaitForExitAsync(CancellationToken.None)).ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            if (ct.IsCancellationRequested) throw;
            throw new JsTimeoutException($"kappa-js did not exit within {timeout.TotalSeconds:0.#} s and was killed. {Describe()}", Id, StdoutLines, Stderr);
        }
        await DrainAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>
    /// Asks the process to stop and returns its exit code: SIGTERM first (Unix), then - if it
    /// is still running after <paramref name="grace"/> / 2 (default 10 s in all), or on Windows -
    /// closes its stdin, and kills the tree when the grace period is over. A live
    /// <c>replicate</c> exits 0 after printing its <c>stopped</c> line.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        var total = grace ?? TimeSpan.FromSeconds(10);
        if (!OperatingSystem.IsWindows() && !_process.HasExited && NativeMethods.Kill(_process.Id, NativeMethods.SigTerm) == 0)
            await ExitsWithinAsync(total / 2).ConfigureAwait(false);
        if (!_process.HasExited)
        {
            CloseStdin();
            if (!await ExitsWithinAsync(total / 2).ConfigureAwait(false)) KillTree();
        }
        await WaitQuietlyAsync(_process.WaitForExitAsync(CancellationToken.None)).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Kills the process tree if it still runs, waits for it, releases the process.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        KillTree();
        using (var cts = new CancellationTokenSource(DrainTimeout))
            await WaitQuietlyAsync(_process.WaitForExitAsync(cts.Token)).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        Running.TryRemove(this, out _);
        _process.Dispose();
    }

    /// <summary>The command, exit state, last stdout lines and stderr, for failure messages.</summary>
    public string Describe()
    {
        var lines = StdoutLines;
        var tail = lines.Count > 20 ? ["…", .. lines.Skip(lines.Count - 20)] : lines;
        return $"Command: node kappa-js.js {string.Join(' ', Arguments)} (pid {Id}, exit {ExitCodeText()}).\n" +
               $"stdout ({lines.Count} lines):\n{string.Join('\n', tail)}\nstderr:\n{Stderr}";
    }

    private string ExitCodeText() => ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "running";

    private static bool Matches(Func<JsonElement, bool> predicate, JsonElement e)
    {
        try { return predicate(e); }
        catch (KeyNotFoundException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}

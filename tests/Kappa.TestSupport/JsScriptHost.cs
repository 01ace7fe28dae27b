using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kappa.TestSupport;

/// <summary>
/// One long-running node process serving requests line by line (e.g. tests/interop/lib/views-kv.js):
/// each request is a JSON object on stdin with a number <c>n</c>, the answer the stdout line with
/// the same <c>n</c>. Lets a whole test class share one node start (≈ 0.3 s each). Disposing
/// closes stdin and kills the process if it does not exit.
/// </summary>
public sealed class JsScriptHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private int _next;

    private JsScriptHost(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts <c>node tests/interop/<paramref name="script"/></c>.</summary>
    /// <exception cref="JsReferenceException">Node or the pinned packages are missing.</exception>
    public static JsScriptHost Start(string script)
    {
        if (JsReference.UnavailableReason is { } why) throw new JsReferenceException("The JS reference is not available: " + why);
        var info = new ProcessStartInfo(JsReference.NodeExecutable!)
        {
            WorkingDirectory = RepoPaths.Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Interop, script));
        info.Environment.Remove("NODE_OPTIONS");
        return new JsScriptHost(Process.Start(info)!);
    }

    /// <summary>Sends <paramref name="request"/> (an <c>n</c> is added) and returns the answer; throws when the script reports an error.</summary>
    /// <exception cref="JsReferenceException">The script answered with <c>error</c>, exited, or did not answer within <paramref name="timeout"/> (default 60 s).</exception>
    public async Task<JsonElement> RequestAsync(JsonObject request, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _gate.WaitAsync();
        try
        {
            var n = ++_next;
            request["n"] = n;
            await _process.StandardInput.WriteLineAsync(request.ToJsonString());
            await _process.StandardInput.FlushAsync();
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            while (true)
            {
                string? line;
                try { line = await _process.StandardOutput.ReadLineAsync(cts.Token); }
                catch (OperationCanceledException) { throw new JsReferenceException($"No answer to request {n} within the timeout. stderr: {Stderr}"); }
                if (line is null) throw new JsReferenceException($"The script exited before answering request {n}. stderr: {Stderr}");
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (!root.TryGetProperty("n", out var got) || got.GetInt32() != n) continue;
                if (root.TryGetProperty("error", out var error))
                    throw new JsReferenceException(string.Create(CultureInfo.InvariantCulture, $"The script failed request {n}: {error}"));
                return root.Clone();
            }
        }
        finally { _gate.Release(); }
    }

    private string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try { _process.StandardInput.Close(); }
        catch (IOException) { }
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        _gate.Dispose();
    }
}

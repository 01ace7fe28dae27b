using System.Diagnostics;
using System.Text;

namespace Kappa.TestSupport;

/// <summary>Runs the built <c>kappa</c> tool (kappa.dll beside the test binaries) as a real child process.</summary>
public static class KappaTool
{
    /// <summary>Path of kappa.dll next to the running tests.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "kappa.dll");

    /// <summary>Runs <c>kappa args…</c>, optionally feeding <paramref name="stdin"/>; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<ToolResult> RunAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kappa {string.Join(' ', args)} did not finish; stderr: {await stderr}");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>kappa args…</c> with redirected streams (caller owns and disposes the process).</summary>
    public static Process Start(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start kappa");
    }

    /// <summary>
    /// Ownership of a process from <see cref="Start"/> for a <c>using</c>: disposing kills it (and
    /// its children) if it is still running, so a test that fails before the process ends leaves
    /// none behind; Process.Dispose alone only releases the handle.
    /// </summary>
    public static IDisposable KillOnDispose(Process process) => new Killer(process);

    private sealed class Killer(Process process) : IDisposable
    {
        public void Dispose()
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // exited between the check and the kill
            process.Dispose();
        }
    }
}

/// <summary>Exit code and output of one tool run.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Non-empty stdout lines.</summary>
    public IReadOnlyList<string> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

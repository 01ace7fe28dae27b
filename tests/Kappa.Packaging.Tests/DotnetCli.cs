using System.Diagnostics;
using System.Text;

namespace Kappa.Packaging.Tests;

/// <summary>Runs the real <c>dotnet</c> CLI (or an installed tool) as a child process and captures its output.</summary>
public static class DotnetCli
{
    public static Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunFileAsync("dotnet", workingDirectory, environment, args);

    public static async Task<CliResult> RunFileAsync(string file, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The test host's own MSBuild variables would leak into the child build; a user's shell has none.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
            psi.Environment.Remove(name);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (k, v) in environment) psi.Environment[k] = v;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Generous: packing builds every library in Release, and CI runs the other test assemblies beside it on 2 cores.
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish; stdout: {await stdout}\nstderr: {await stderr}");
        }
        return new CliResult($"{file} {string.Join(' ', args)}", process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>What one command printed and how it exited.</summary>
public sealed record CliResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"{Command}\nexit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

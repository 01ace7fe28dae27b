using System.Diagnostics;
using System.Text;

namespace Kappa.TestSupport;

/// <summary>
/// The JavaScript reference peer: <c>tests/interop/kappa-js.js</c> over the real kappa-core 6
/// (multifeed 5.2.4, hypercore 8.14), run by node as a child process. Every command prints one
/// JSON object per stdout line; see tests/interop/README.md for the commands.
/// </summary>
public static partial class JsReference
{
    private static readonly Lazy<string?> Node = new(FindNode);
    private static readonly Lazy<string?> Unavailable = new(CheckAvailability);

    /// <summary>How long <see cref="RunAsync"/> waits when no timeout is given.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>tests/interop/kappa-js.js.</summary>
    public static string ScriptPath => Path.Combine(RepoPaths.Interop, "kappa-js.js");

    /// <summary>The node executable (KAPPA_NODE, else the first <c>node</c> on PATH), or null.</summary>
    public static string? NodeExecutable => Node.Value;

    /// <summary>True when node is found and tests/interop/node_modules/kappa-core is installed.</summary>
    public static bool IsAvailable => Unavailable.Value is null;

    /// <summary>Why the reference peer cannot run (null when <see cref="IsAvailable"/>).</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>
    /// True when KAPPA_REQUIRE_JS=1: tests marked <see cref="JsFactAttribute"/> then run (and fail
    /// with <see cref="UnavailableReason"/>) instead of being skipped when node is missing.
    /// </summary>
    public static bool Required => Environment.GetEnvironmentVariable("KAPPA_REQUIRE_JS") == "1";

    /// <summary>
    /// Runs one command to completion: writes <paramref name="stdin"/> (if any) and closes stdin,
    /// collects every stdout line and all of stderr. A non-zero exit code is returned, not thrown
    /// (see <see cref="JsResult.EnsureSuccess"/>). After <paramref name="timeout"/> (default
    /// <see cref="DefaultTimeout"/>) the process tree is killed and <see cref="JsTimeoutException"/>
    /// is thrown with the output so far; cancelling <paramref name="ct"/> also kills it.
    /// </summary>
    public static async Task<JsResult> RunAsync(string[] args, string? stdin = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        await using var process = new JsProcess(CreateStartInfo(args, stdinStops: false), stdin, keepStdinOpen: false);
        var exitCode = await process.WaitForExitAsync(timeout ?? DefaultTimeout, ct).ConfigureAwait(false);
        return new JsResult(args, exitCode, process.StdoutLines, process.Stderr);
    }

    /// <summary>
    /// Starts a long-running command (e.g. <c>replicate --listen 0</c>). Its stdin stays open and the
    /// script treats stdin closing as a stop request (KAPPA_JS_STDIN_STOP=1), so the node process
    /// also ends if the test host dies. Always dispose the result (<c>await using</c>).
    /// </summary>
    public static JsProcess Start(string[] args) => new(CreateStartInfo(args, stdinStops: true), stdin: null, keepStdinOpen: true);

    internal static ProcessStartInfo CreateStartInfo(string[] args, bool stdinStops)
    {
        if (UnavailableReason is { } why) throw new JsReferenceException("The JS reference peer is not available: " + why);
        var info = new ProcessStartInfo(NodeExecutable!)
        {
            WorkingDirectory = RepoPaths.Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        info.ArgumentList.Add(ScriptPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["KAPPA_JS_STDIN_STOP"] = stdinStops ? "1" : "0";
        info.Environment.Remove("NODE_OPTIONS");
        return info;
    }

    private static string? FindNode()
    {
        if (Environment.GetEnvironmentVariable("KAPPA_NODE") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe", "node.cmd" } : ["node"];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    private static string? CheckAvailability()
    {
        if (NodeExecutable is null)
            return "node was not found on PATH (or KAPPA_NODE does not point to a file); install Node.js 20 to run the interop tests.";
        var kappaCore = Path.Combine(RepoPaths.Interop, "node_modules", "kappa-core", "package.json");
        if (!File.Exists(kappaCore))
            return $"{kappaCore} is missing; run `npm ci` in {RepoPaths.Interop} to install the pinned JS reference packages.";
        return File.Exists(ScriptPath) ? null : $"{ScriptPath} is missing.";
    }
}

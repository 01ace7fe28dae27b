using System.Diagnostics;

namespace Kappa.TestSupport;

/// <summary>
/// A child process that runs inside a mount namespace of its own (<c>unshare -m</c>, private
/// propagation), with a small tmpfs mounted over a directory: a real disk that fills up, seen only
/// by that process (and through <c>/proc/PID/root</c>). When the process ends the namespace and its
/// mount go with it; disposing kills it first, also when the test failed. Needs root and util-linux.
/// </summary>
public static class TmpfsNamespace
{
    private static readonly Lazy<string?> Unavailable = new(Check);

    /// <summary>Why mount namespaces cannot be made here (null when they can).</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>
    /// Starts <paramref name="file"/> <paramref name="args"/> with a tmpfs of <paramref name="bytes"/>
    /// mounted at <paramref name="mountPoint"/> (which must exist); stdin, stdout and stderr redirected.
    /// </summary>
    public static Process Start(string mountPoint, long bytes, string file, params string[] args)
    {
        if (UnavailableReason is { } why) throw new InvalidOperationException("mount namespaces are not available: " + why);
        var psi = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // unshare execs sh, which mounts and execs the program: one process, one pid, from start to end.
        foreach (var a in new[] { "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=\"$1\" tmpfs \"$0\" && shift && exec \"$@\"", mountPoint, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), file }.Concat(args))
            psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start unshare");
    }

    /// <summary>A path inside the process's mount namespace (its tmpfs), reachable from this one.</summary>
    public static string Inside(Process process, string path)
    {
        ArgumentNullException.ThrowIfNull(process);
        return $"/proc/{process.Id}/root{Path.GetFullPath(path)}";
    }

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        if (Environment.UserName != "root") return "not root (unshare -m and mount need it)";
        try
        {
            var psi = new ProcessStartInfo("unshare") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt || mount -t tmpfs -o size=64k tmpfs /tmp" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : "unshare -m / mount refused: " + error.Trim();
        }
        catch (System.ComponentModel.Win32Exception e) { return "unshare is missing: " + e.Message; }
    }
}

/// <summary>
/// A fact that needs a mount namespace with a tmpfs (<see cref="TmpfsNamespace"/>): skipped with
/// the reason when they cannot be made here, unless KAPPA_REQUIRE_MOUNTNS=1 (then it runs and fails).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MountNamespaceFactAttribute : Xunit.FactAttribute
{
    /// <summary>Sets the skip reason when mount namespaces are unavailable.</summary>
    public MountNamespaceFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("KAPPA_REQUIRE_MOUNTNS") == "1") return;
        if (TmpfsNamespace.UnavailableReason is { } why) Skip = why;
    }
}

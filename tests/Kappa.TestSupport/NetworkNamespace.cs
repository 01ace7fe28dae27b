using System.Diagnostics;

namespace Kappa.TestSupport;

/// <summary>
/// A Linux network namespace of the test's own (discovery.md "Testing discovery on one machine"):
/// only <c>lo</c>, up, multicast on, and 224.0.0.0/4 routed over it, so multicast DNS between the
/// processes started inside never leaves the machine. Needs root and iproute2. Disposing kills
/// what still runs inside and deletes the namespace, also when the test failed.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Check);

    private NetworkNamespace(string name) => Name = name;

    /// <summary>The namespace's name (<c>kappa-test-…</c>, unique per test).</summary>
    public string Name { get; }

    /// <summary>Why namespaces cannot be made here (null when they can).</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>Creates the namespace and sets up its loopback for multicast.</summary>
    public static NetworkNamespace Create()
    {
        var ns = CreateBare();
        try
        {
            ns.Exec("ip", "link", "set", "lo", "multicast", "on");
            ns.Exec("ip", "route", "add", "224.0.0.0/4", "dev", "lo");
        }
        catch
        {
            ns.Dispose();
            throw;
        }
        return ns;
    }

    /// <summary>Creates a namespace with only <c>lo</c>, up, and no multicast route (for <see cref="BridgedLan"/>, which adds its own link).</summary>
    internal static NetworkNamespace CreateBare()
    {
        if (UnavailableReason is { } why) throw new InvalidOperationException("network namespaces are not available: " + why);
        var ns = new NetworkNamespace("kappa-test-" + Guid.NewGuid().ToString("N")[..10]);
        Ip("netns", "add", ns.Name);
        try { ns.Exec("ip", "link", "set", "lo", "up"); }
        catch
        {
            ns.Dispose();
            throw;
        }
        return ns;
    }

    /// <summary>A start-info that runs <paramref name="file"/> inside the namespace (<c>ip netns exec</c> replaces itself with it, so signals reach it).</summary>
    public ProcessStartInfo Wrap(ProcessStartInfo inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var outer = new ProcessStartInfo("ip")
        {
            WorkingDirectory = inner.WorkingDirectory,
            RedirectStandardInput = inner.RedirectStandardInput,
            RedirectStandardOutput = inner.RedirectStandardOutput,
            RedirectStandardError = inner.RedirectStandardError,
            StandardOutputEncoding = inner.StandardOutputEncoding,
            StandardErrorEncoding = inner.StandardErrorEncoding,
            StandardInputEncoding = inner.StandardInputEncoding,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in new[] { "netns", "exec", Name, inner.FileName }.Concat(inner.ArgumentList)) outer.ArgumentList.Add(a);
        foreach (var (k, v) in inner.Environment) outer.Environment[k] = v;
        return outer;
    }

    /// <summary>Runs a command inside the namespace to completion; throws on a non-zero exit.</summary>
    public void Exec(params string[] command) => Ip(["netns", "exec", Name, .. command]);

    /// <summary>Kills every process still inside and deletes the namespace.</summary>
    public void Dispose()
    {
        try { Ip("netns", "pids", Name).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList().ForEach(pid => Run("kill", "-9", pid.Trim())); }
        catch (InvalidOperationException) { }
        try { Ip("netns", "del", Name); }
        catch (InvalidOperationException) { }
    }

    internal static string Ip(params string[] args) => Run("ip", args);

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}: {stderr}");
        return stdout.Result;
    }

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        if (Environment.UserName != "root") return "not root (ip netns needs it)";
        try { Run("ip", "netns", "list"); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { return "iproute2 is missing or refuses: " + e.Message; }
        return null;
    }
}

/// <summary>
/// A fact that needs its own network namespace (multicast tests): skipped with the reason when
/// namespaces cannot be made here, unless KAPPA_REQUIRE_NETNS=1 (then it runs and fails).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NamespaceFactAttribute : Xunit.FactAttribute
{
    /// <summary>Sets the skip reason when namespaces or the JS peers are unavailable.</summary>
    public NamespaceFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("KAPPA_REQUIRE_NETNS") == "1") return;
        if (NetworkNamespace.UnavailableReason is { } why) Skip = why;
        else if (!JsReference.IsAvailable && !JsReference.Required) Skip = JsReference.UnavailableReason;
    }
}

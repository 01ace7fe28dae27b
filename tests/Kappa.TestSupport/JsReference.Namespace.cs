namespace Kappa.TestSupport;

public static partial class JsReference
{
    /// <summary>Starts a long-running kappa-js.js command inside <paramref name="ns"/> (see <see cref="Start"/>).</summary>
    public static JsProcess StartIn(NetworkNamespace ns, string[] args)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return new(ns.Wrap(CreateStartInfo(args, stdinStops: true)), stdin: null, keepStdinOpen: true);
    }

    /// <summary>Starts the built <c>kappa</c> tool inside <paramref name="ns"/>, read line by line like a JS peer (stdout JSON lines).</summary>
    public static JsProcess StartKappaIn(NetworkNamespace ns, string[] args)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new System.Text.UTF8Encoding(false),
            StandardErrorEncoding = new System.Text.UTF8Encoding(false),
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        psi.ArgumentList.Add(KappaTool.Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new(ns.Wrap(psi), stdin: null, keepStdinOpen: true);
    }

    /// <summary>Starts a script under tests/interop/lib (e.g. <c>dht-node.js</c>) inside <paramref name="ns"/>; stdin stays open (closing it stops the script).</summary>
    public static JsProcess StartScriptIn(NetworkNamespace ns, string script, string[] args)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var info = CreateStartInfo(args, stdinStops: true);
        info.ArgumentList[0] = Path.Combine(RepoPaths.Interop, "lib", script);
        return new(ns.Wrap(info), stdin: null, keepStdinOpen: true);
    }
}

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
}

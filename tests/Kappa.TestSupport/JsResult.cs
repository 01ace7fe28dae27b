using System.Text.Json;

namespace Kappa.TestSupport;

/// <summary>The outcome of one finished kappa-js.js command (<see cref="JsReference.RunAsync"/>).</summary>
/// <param name="Arguments">The command-line arguments after the script path.</param>
/// <param name="ExitCode">0 success, 1 usage or store error, 2 replication failed.</param>
/// <param name="StdoutLines">Every stdout line, in order.</param>
/// <param name="Stderr">All of stderr.</param>
public sealed record JsResult(IReadOnlyList<string> Arguments, int ExitCode, IReadOnlyList<string> StdoutLines, string Stderr)
{
    private IReadOnlyList<JsonElement>? _lines;

    /// <summary>The stdout lines parsed as JSON (each one is an object).</summary>
    public IReadOnlyList<JsonElement> Lines => _lines ??= [.. StdoutLines.Where(l => l.Length > 0).Select(Parse)];

    /// <summary>Returns this result if the exit code is 0, else throws with the command and stderr.</summary>
    public JsResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new JsReferenceException($"kappa-js {string.Join(' ', Arguments)} exited with {ExitCode}.\nstderr:\n{Stderr}\nstdout:\n{string.Join('\n', StdoutLines)}");

    /// <summary>The only line (e.g. the result of <c>append</c> or <c>sum</c>).</summary>
    public JsonElement OnlyLine() => Lines.Count == 1
        ? Lines[0]
        : throw new JsReferenceException($"expected one stdout line from kappa-js {string.Join(' ', Arguments)}, got {Lines.Count}:\n{string.Join('\n', StdoutLines)}");

    private static JsonElement Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }
}

using System.Text;

namespace Kappa.TestSupport;

// Typed shortcuts over the commands most tests need.
public static partial class JsReference
{
    /// <summary>
    /// <c>append --store <paramref name="store"/> --writer <paramref name="writer"/> --stdin</c>: appends
    /// the values (each one JSON text) in order and returns the writer's key and new length.
    /// </summary>
    public static async Task<JsFeed> AppendAsync(string store, string writer, IEnumerable<string> jsonValues, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jsonValues);
        var stdin = new StringBuilder();
        foreach (var v in jsonValues)
        {
            if (v.Contains('\n', StringComparison.Ordinal)) throw new ArgumentException("one JSON value per line: no raw newlines", nameof(jsonValues));
            stdin.Append(v).Append('\n');
        }
        var result = (await RunAsync(["append", "--store", store, "--writer", writer, "--stdin"], stdin.ToString(), ct: ct).ConfigureAwait(false)).EnsureSuccess();
        var line = result.OnlyLine();
        return new JsFeed(line.Str("key"), line.Num("length"), line.Num("length"), true, line.Str("name"));
    }

    /// <summary><c>dump --store <paramref name="store"/></c> (read-only open), parsed.</summary>
    public static async Task<JsDump> DumpAsync(string store, string encoding = "json", CancellationToken ct = default) =>
        (await RunAsync(["dump", "--store", store, "--encoding", encoding], ct: ct).ConfigureAwait(false)).EnsureSuccess().ToDump();
}

using System.CommandLine;
using System.Text.Json;
using Kappa.Hypercore;

namespace Kappa.Cli;

/// <summary>
/// Runs a command body and turns every failure into one clear line on stderr and exit code 1 —
/// never a stack trace (set KAPPA_DEBUG=1 to see one). Ctrl+C ends quietly with 130.
/// </summary>
internal static class CliAction
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            try { return await body(parse, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return 130; }
            catch (Exception e) when (e is KappaException or IOException or UnauthorizedAccessException or FormatException or JsonException or ArgumentException or TimeoutException)
            {
                return Fail(e.Message, e);
            }
            catch (Exception e) when (Environment.GetEnvironmentVariable("KAPPA_DEBUG") != "1")
            {
                return Fail($"internal error ({e.GetType().Name}): {e.Message}", e);
            }
        });

    public static int Fail(string message, Exception? e = null)
    {
        Console.Error.WriteLine("kappa: " + message.ReplaceLineEndings(" "));
        if (e is not null && Environment.GetEnvironmentVariable("KAPPA_DEBUG") == "1") Console.Error.WriteLine(e);
        return 1;
    }
}

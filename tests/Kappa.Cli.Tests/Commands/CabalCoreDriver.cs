using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

/// <summary>Talks to a cabal-core 13.2.0 peer (tests/interop/lib/cabal-peer.js) and runs <c>kappa chat</c> scripts, for the chat interop tests.</summary>
internal static class CabalCoreDriver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Sends one JSON command to the cabal-core peer and returns its reply (fails on an error reply).</summary>
    public static Task<JsonElement> Command(JsProcess cabal, string json, string name) => cabal.RequestAsync(json, name, Timeout);

    /// <summary>Runs <c>kappa args…</c>, asserts exit 0, and returns its stdout JSON lines.</summary>
    public static async Task<List<JsonElement>> Lines(string[] args)
    {
        var result = await KappaTool.RunAsync(args, timeout: Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Lines.Select(l => JsonDocument.Parse(l).RootElement)];
    }

    /// <summary>Polls the cabal-core peer with <paramref name="json"/> until <paramref name="done"/> holds for the reply (its views index asynchronously).</summary>
    public static async Task<JsonElement> CommandUntil(JsProcess cabal, string json, string name, Func<JsonElement, bool> done, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        JsonElement reply;
        do
        {
            reply = await Command(cabal, json, name);
            if (done(reply)) return reply;
            await Task.Delay(200, CancellationToken.None);
        }
        while (!cts.IsCancellationRequested);
        Assert.Fail($"cabal-core never showed {what}; last {name} reply: {reply}");
        return reply;
    }
}

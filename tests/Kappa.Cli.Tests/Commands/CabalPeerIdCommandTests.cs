using System.Globalization;
using Kappa.TestSupport;
using static Kappa.Cli.Tests.Commands.CabalCoreDriver;

namespace Kappa.Cli.Tests.Commands;

/// <summary>
/// <c>kappa replicate</c> on a cabal store sends Cabal's <c>peer-id</c>: cabal-core 13.2.0's own
/// swarm code (driven over one direct TCP connection on 127.0.0.1, tests/interop/lib/cabal-direct-swarm.js)
/// counts us by our writer <c>local</c>, and the summary names the peer's key.
/// </summary>
public class CabalPeerIdCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsFact]
    public async Task Kappa_replicate_on_a_cabal_store_is_counted_by_cabal_core_and_reports_its_key()
    {
        using var dir = new TempDirectory("chat-peer-id");
        await using var cabal = JsReference.Start(["cabal", "--store", dir.Combine("cabal")]);
        var ready = await cabal.WaitForLineAsync(l => l.IsEvent("ready"), Timeout);
        var store = dir.Combine("kappa");
        var ours = (await Lines(["chat", "nick", "--store", store, "carol"]))[0].Str("key");
        var port = (await Command(cabal, """{"cmd":"directListen"}""", "directListen")).GetProperty("port").GetInt32().ToString(CultureInfo.InvariantCulture);

        var summary = (await Lines(["replicate", "--store", store, "--connect", "127.0.0.1:" + port, "--key", ready.Str("key"), "--json"])).Single();

        Assert.Equal(ready.Str("local"), summary.Str("remoteId"));
        var added = await cabal.WaitForLineAsync(l => l.IsEvent("peer-added"), Timeout);
        Assert.Equal(ours, added.Str("key"));
        Assert.Equal(1, summary.GetProperty("blocksSent").GetInt64()); // our about message went over the same session
    }
}

using System.CommandLine;
using Kappa.Cli.Output;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa verify --store DIR [--repair]</c>: exit 0 when every block and signature verifies;
/// else one line per problem and exit 1. With <c>--repair</c> (after a power loss) the store is
/// opened for writing with a full check: damaged feeds are cut back to their longest verifiable
/// prefix (a writer re-signs it; a downloaded feed falls back to its last signed length), one
/// <c>{"repaired":…}</c> line per repair, then the verification runs on the result.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var repair = new Option<bool>("--repair") { Description = "Cut damaged feeds back to their longest verifiable prefix (after a power loss), then verify." };
        var command = new Command("verify", "Check every block against its Merkle tree and every signature; one line per bad block.") { store, repair };
        CliAction.Set(command, async (parse, ct) =>
        {
            var repairing = parse.GetValue(repair);
            var options = repairing ? new FeedStoreOptions { VerifyOnOpen = true } : new FeedStoreOptions { ReadOnly = true };
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, options, ct);
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            foreach (var r in repairing ? fs.Repairs : [])
            {
                output.Raw("{\"repaired\":");
                output.String(r.Directory);
                output.Raw(",\"key\":");
                output.String(r.Feed?.ToString() ?? "");
                output.Raw(",\"length\":");
                output.Number(r.Recovery?.RecoveredLength ?? -1);
                output.Raw(",\"message\":");
                output.String(r.Message);
                output.Raw("}");
                await output.EndLineAsync(ct);
            }
            long blocks = 0, signatures = 0, problems = 0;
            foreach (var feed in fs.Feeds)
            {
                var result = await feed.VerifyAsync(ct);
                blocks += result.BlocksChecked;
                signatures += result.SignaturesChecked;
                foreach (var p in result.Problems)
                {
                    problems++;
                    output.Raw("{\"key\":\"" + feed.Key + "\",\"seq\":");
                    output.Number(p.Seq);
                    output.Raw(",\"error\":");
                    output.String(p.Message);
                    output.Raw("}");
                    await output.EndLineAsync(ct);
                }
            }
            output.Raw("{\"ok\":");
            output.Bool(problems == 0);
            output.Raw(",\"feeds\":");
            output.Number(fs.Feeds.Count);
            output.Raw(",\"blocks\":");
            output.Number(blocks);
            output.Raw(",\"signatures\":");
            output.Number(signatures);
            output.Raw(",\"problems\":");
            output.Number(problems);
            output.Raw("}");
            await output.EndLineAsync(ct);
            return problems == 0 ? 0 : 1;
        });
        return command;
    }
}

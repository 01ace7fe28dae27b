using System.CommandLine;
using Kappa.Cli.Output;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa verify --store DIR</c>: exit 0 when every block and signature verifies; else one line per problem and exit 1.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var command = new Command("verify", "Check every block against its Merkle tree and every signature; one line per bad block.") { store };
        CliAction.Set(command, async (parse, ct) =>
        {
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, new FeedStoreOptions { ReadOnly = true }, ct);
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
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

using System.CommandLine;
using Kappa.Cli.Output;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa feeds --store DIR</c>: one line per feed, in multifeed's order.</summary>
internal static class FeedsCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var command = new Command("feeds", "List the store's feeds: {\"key\",\"length\",\"writable\",\"name\"} per line.") { store };
        CliAction.Set(command, async (parse, ct) =>
        {
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, new FeedStoreOptions { ReadOnly = true }, ct);
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            foreach (var (name, feed) in fs.NamedFeeds)
            {
                output.Raw("{\"key\":\"" + feed.Key + "\",\"length\":");
                output.Number(feed.Length);
                output.Raw(",\"writable\":");
                output.Bool(feed.Writable);
                output.Raw(",\"name\":");
                output.String(name);
                output.Raw("}");
                await output.EndLineAsync(ct);
            }
            return 0;
        });
        return command;
    }
}

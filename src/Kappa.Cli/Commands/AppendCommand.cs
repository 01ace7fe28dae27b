using System.CommandLine;
using System.Text;
using Kappa.Cli.Output;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa append --store DIR [--writer NAME] VALUE...</c> (or <c>-</c>: one value per stdin line, in batches).</summary>
internal static class AppendCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var writer = new Option<string>("--writer", "-w") { Description = "The local writer to append to (created if missing).", DefaultValueFactory = _ => "default" };
        var encoding = CliOptions.Encoding();
        var values = new Argument<string[]>("VALUE") { Description = "Values to append, each parsed as JSON (else taken as a string); - reads one per line from stdin.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("append", "Append values to a local writer; prints {\"key\",\"length\"}.") { store, writer, encoding, values };
        CliAction.Set(command, async (parse, ct) =>
        {
            var enc = CliOptions.ParseEncoding(parse.GetValue(encoding)!);
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, new FeedStoreOptions { ValueEncoding = enc }, ct);
            var feed = await fs.WriterAsync(parse.GetValue(writer), ct: ct);
            if (!feed.Writable) return CliAction.Fail($"\"{parse.GetValue(writer)}\" names a feed learned from a peer, not a local writer.");
            var args = parse.GetValue(values)!;
            if (args is ["-"]) await StdinAppender.AppendAsync(Console.OpenStandardInput(), feed, enc, ct);
            else
            {
                var batch = new EncodedBatch();
                for (var i = 0; i < args.Length; i++)
                {
                    try { ValueParser.AddBlock(batch, Encoding.UTF8.GetBytes(args[i]), enc); }
                    catch (BadValueException e)
                    {
                        batch.Return();
                        throw new BadValueException($"value {i + 1} ({args[i]}): {e.Message}; nothing was appended");
                    }
                }
                await feed.AppendEncodedAsync(batch, ct);
            }
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            output.Raw("{\"key\":\"" + feed.Key + "\",\"length\":");
            output.Number(feed.Length);
            output.Raw("}");
            await output.EndLineAsync(ct);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa demo [--store DIR]</c>: the README's main job.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store(required: false);
        store.DefaultValueFactory = _ => "./kappa-demo";
        var command = new Command("demo", "Append a few numbers to a store and read everything back (run again to continue).") { store };
        CliAction.Set(command, async (parse, ct) =>
        {
            var dir = parse.GetValue(store)!;
            await using var fs = await FeedStore.OpenAsync(dir, ct: ct);
            var writer = await fs.WriterAsync("demo", ct: ct);
            var start = writer.Length;
            await writer.AppendBatchAsync(Enumerable.Range((int)start + 1, 5), ct);
            Console.WriteLine($"Store {Path.GetFullPath(dir)}: writer \"demo\" ({writer.Key}) now has {writer.Length} entries.");
            long sum = 0;
            await foreach (var e in writer.ReadAsync<long>(ct: ct)) sum += e.Value;
            Console.WriteLine($"Read back and verified {writer.Length} entries; their sum is {sum}.");
            return 0;
        });
        return command;
    }
}

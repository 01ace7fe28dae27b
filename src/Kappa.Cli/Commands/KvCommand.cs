using System.CommandLine;
using Kappa.Cli.Output;
using Kappa.Server.Api;
using Kappa.Views.KeyValue;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa kv get --store DIR KEY</c>: the current heads of KEY in the store's default key/value
/// view (<see cref="KvRows.KeyField"/>: entries that are objects with a string <c>key</c>, linking
/// earlier versions by id in <c>links</c>), one line <c>{"key","seq","value"}</c> per head, by feed
/// hex then seq; nothing for an unknown key. The view lives in <c>.kappa/views/kv</c> and resumes.
/// </summary>
internal static class KvCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var key = new Argument<string>("KEY") { Description = "The key whose current versions to print." };
        var get = new Command("get", "Print the current versions (heads) of KEY as JSON lines {\"key\",\"seq\",\"value\"}, forks included.") { store, key };
        CliAction.Set(get, async (parse, ct) =>
        {
            var (opened, database) = await ViewDatabaseOpening.OpenAsync(parse.GetValue(store)!, KvEndpoints.ViewName, ct);
            await using var core = opened;
            await using var db = database;
            var kv = core.Use(KvEndpoints.ViewName, 1, new KvView(db));
            if (!Console.IsOutputRedirected) await IndexingDisplay.RunAsync(core, KvEndpoints.ViewName, ct);
            var heads = await kv.GetAsync(parse.GetValue(key)!, ct);
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            foreach (var head in heads)
                if (head is { Entry: { } entry, Data: { } data }) await ListCommand.WriteAsync(output, entry.Feed, entry.Seq, data, ct);
            return 0;
        });
        return new Command("kv", "The key/value view with forks (unordered-materialized-kv's rule).") { get };
    }
}

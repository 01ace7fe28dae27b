using System.CommandLine;
using Kappa.Cli.Output;
using Kappa.Views.List;
using Kappa.Views.Query;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa query --store DIR [--index PATH[,PATH...]]... [--where PATH OP VALUE]... [--sort PATH] [--reverse] [--limit N] [--explain]</c>:
/// entries matching every condition (OP is =, &lt;, &lt;=, &gt;, &gt;=; VALUE is a JSON scalar, else a
/// string; typed, so 100 never matches "100"), as <c>{"key","seq","value"}</c> lines, from a
/// persistent query view. Without <c>--index</c>, one single-path index per path the query names.
/// Each set of indexes is its own view (<c>.kappa/views/query-…</c>), kept and resumed.
/// </summary>
internal static class QueryCommand
{
    private static readonly string[] Operators = ["<=", ">=", "=", "<", ">"];

    public static Command Create()
    {
        var store = CliOptions.Store();
        var index = new Option<string[]>("--index") { Description = "Declare an index over comma-separated dotted paths (repeatable). Default: one per path the query names." };
        var where = new Option<string[]>("--where") { Description = "PATH=VALUE, PATH<VALUE, PATH<=VALUE, PATH>VALUE or PATH>=VALUE (repeatable; all must hold)." };
        var sort = new Option<string?>("--sort") { Description = "Order by the value at this path (entries without one are left out)." };
        var reverse = new Option<bool>("--reverse") { Description = "Reverse the order." };
        var limit = new Option<int?>("--limit") { Description = "At most N entries." };
        var explain = new Option<bool>("--explain") { Description = "Print which index answers the query and why, instead of the results." };
        var command = new Command("query", "Print entries matching conditions on JSON paths, as JSON lines {\"key\",\"seq\",\"value\"} (a persistent query view with declared indexes).")
        {
            store, index, where, sort, reverse, limit, explain,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var query = new Query { Sort = parse.GetValue(sort), Reverse = parse.GetValue(reverse), Limit = parse.GetValue(limit) };
            foreach (var text in parse.GetValue(where) ?? []) query = query with { Conditions = [.. query.Conditions, ParseCondition(text)] };
            if (query.Sort is not null) JsonPath.Parse(query.Sort);
            var specs = (parse.GetValue(index) ?? []).ToList();
            if (specs.Count == 0) specs = [.. query.Conditions.Select(c => c.Path.Text).Append(query.Sort).OfType<string>().Distinct(StringComparer.Ordinal)];
            var indexes = specs.Select(s => new QueryIndex(s, s.Split(','))).ToList();

            var name = "query-" + Uri.EscapeDataString(string.Join(";", specs));
            var (opened, database) = await ViewDatabaseOpening.OpenAsync(parse.GetValue(store)!, name, ct);
            await using var core = opened;
            await using var db = database;
            var view = core.Use(name, 1, new QueryView(db, indexes));
            if (parse.GetValue(explain))
            {
                Console.WriteLine(view.Explain(query));
                return 0;
            }
            if (!Console.IsOutputRedirected) await IndexingDisplay.RunAsync(core, name, ct);
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            await foreach (var entry in view.ReadAsync(query, ct)) await ListCommand.WriteAsync(output, entry.Feed, entry.Seq, entry.Data, ct);
            return 0;
        });
        return command;
    }

    /// <summary><c>PATH OP VALUE</c>: the first operator character splits path and value.</summary>
    internal static QueryCondition ParseCondition(string text)
    {
        var at = text.IndexOfAny(['<', '>', '=']);
        if (at <= 0) throw new FormatException($"--where \"{text}\" is not PATH=VALUE, PATH<VALUE, PATH<=VALUE, PATH>VALUE or PATH>=VALUE");
        var op = Operators.First(o => text.AsSpan(at).StartsWith(o, StringComparison.Ordinal));
        var path = text[..at];
        var value = SortValue.Parse(text[(at + op.Length)..]);
        var condition = new QueryCondition(path);
        return op switch
        {
            "=" => condition with { Equal = value },
            "<" => condition with { LessThan = value },
            "<=" => condition with { AtMost = value },
            ">" => condition with { GreaterThan = value },
            _ => condition with { AtLeast = value },
        };
    }
}

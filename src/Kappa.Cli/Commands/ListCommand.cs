using System.CommandLine;
using System.Text.Json;
using Kappa.Cli.Output;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Json;
using Kappa.Server.Api;
using Kappa.Views;
using Kappa.Views.List;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa list --store DIR --by PATH [--where PATH=VALUE]... [--limit N] [--reverse] [--after FEEDHEX@SEQ]</c>:
/// entries ordered by the number or string at PATH (numbers numerically and first, strings by
/// UTF-8 bytes, ties by feed hex then seq), from a persistent list view per PATH
/// (<c>.kappa/views/list-PATH</c>) that resumes where it stopped.
/// </summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var by = new Option<string>("--by") { Description = "Dotted path of the sort value (e.g. timestamp or content.n).", Required = true };
        var where = new Option<string[]>("--where") { Description = "PATH=VALUE: keep entries whose value at PATH equals VALUE (JSON if it parses, else a string). Repeatable; all must hold.", AllowMultipleArgumentsPerToken = false };
        var limit = new Option<int?>("--limit") { Description = "At most N entries." };
        var reverse = new Option<bool>("--reverse") { Description = "Largest first." };
        var after = new Option<string?>("--after") { Description = "Start strictly after this entry (FEEDHEX@SEQ) in the chosen order." };
        var command = new Command("list", "Print entries ordered by the value at a path, as JSON lines {\"key\",\"seq\",\"value\"} (a persistent sorted list view).")
        {
            store, by, where, limit, reverse, after,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var path = parse.GetValue(by)!;
            JsonPath.Parse(path); // a bad path is a usage error before anything opens
            var filters = (parse.GetValue(where) ?? []).Select(ParseWhere).ToList();
            if (parse.GetValue(limit) is < 0) return CliAction.Fail("--limit must be 0 or more");
            var cursor = parse.GetValue(after) is { } text ? ParseId(text) : ((FeedKey, long)?)null;

            var name = ListEndpoints.ViewName(path); // the view `kappa serve` shares
            var (opened, database) = await ViewDatabaseOpening.OpenAsync(parse.GetValue(store)!, name, ct);
            await using var core = opened;
            await using var db = database;
            var list = core.Use(name, 1, ListView.ByPath(db, path));
            if (!Console.IsOutputRedirected) await IndexingDisplay.RunAsync(core, name, ct);

            var query = new ListQuery { Reverse = parse.GetValue(reverse), Limit = parse.GetValue(limit), Where = filters.Count == 0 ? null : e => Matches(e, filters) };
            if (cursor is var (feed, seq))
            {
                var position = await list.PositionAsync(null, feed, seq, ct);
                if (position is null) return CliAction.Fail($"entry {feed}@{seq} is not in the list by {path} (no such entry, or no number or string at {path})");
                query = query.Reverse ? query with { Before = position } : query with { After = position };
            }
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            await foreach (var entry in list.ReadAsync(query, ct)) await WriteAsync(output, entry.Feed, entry.Seq, entry.Data, ct);
            return 0;
        });
        return command;
    }

    /// <summary>One output line <c>{"key":"&lt;feed hex&gt;","seq":N,"value":&lt;entry&gt;}</c>, as <c>kappa cat</c> prints it.</summary>
    internal static async ValueTask WriteAsync(JsonLineWriter output, FeedKey feed, long seq, ReadOnlyMemory<byte> block, CancellationToken ct)
    {
        output.Raw("{\"key\":\"" + feed + "\",\"seq\":");
        output.Number(seq);
        output.Raw(",\"value\":");
        JsJson.Normalize(block.Span, output.Buffer);
        output.Raw("}");
        await output.EndLineAsync(ct);
    }

    /// <summary><c>FEEDHEX@SEQ</c>.</summary>
    internal static (FeedKey Feed, long Seq) ParseId(string text) =>
        EntryId.TryParse(text, out var id) ? (id.Feed, id.Seq) : throw new FormatException($"\"{text}\" is not an entry id FEEDHEX@SEQ (64 lowercase hex characters, @, a seq)");

    /// <summary><c>PATH=VALUE</c>; VALUE is JSON when it parses, else a string.</summary>
    internal static (JsonPath Path, JsonElement Value) ParseWhere(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new FormatException($"--where \"{text}\" is not PATH=VALUE");
        var raw = text[(eq + 1)..];
        JsonElement value;
        try { value = JsonDocument.Parse(raw).RootElement.Clone(); }
        catch (JsonException) { value = JsonSerializer.SerializeToElement(raw); }
        return (JsonPath.Parse(text[..eq]), value);
    }

    internal static bool Matches(ListEntry entry, IReadOnlyList<(JsonPath Path, JsonElement Value)> filters)
    {
        using var doc = JsonDocument.Parse(entry.Data);
        foreach (var (path, value) in filters)
            if (!path.TryGet(doc.RootElement, out var found) || !JsonValues.Equal(found, value)) return false;
        return true;
    }
}

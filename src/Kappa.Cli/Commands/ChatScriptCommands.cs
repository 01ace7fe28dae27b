using System.CommandLine;
using Kappa.Chat;
using Kappa.Chat.Messages;
using Kappa.Cli.Output;
using Kappa.Hypercore.Json;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa chat nick|send|topic|read|channels --store DIR</c>: the scriptable side of the chat,
/// plain JSON lines and no terminal UI (issue 12's shapes).
/// </summary>
internal static class ChatScriptCommands
{
    public static IEnumerable<Command> Create() => [Nick(), Send(), Topic(), Read(), Channels()];

    private static Command Nick()
    {
        var store = CliOptions.Store();
        var name = new Argument<string>("NAME") { Description = "The nick." };
        var command = new Command("nick", "Append {\"type\":\"about\",\"content\":{\"name\":NAME},\"timestamp\":ms} to the writer local; prints {\"key\",\"seq\"}.") { store, name };
        CliAction.Set(command, (parse, ct) => AppendAsync(parse.GetValue(store)!, c => c.SetNickAsync(parse.GetValue(name)!, ct), ct));
        return command;
    }

    private static Command Send()
    {
        var store = CliOptions.Store();
        var channel = ChannelOption();
        var text = new Argument<string>("TEXT") { Description = "The message." };
        var command = new Command("send", "Append a chat/text to the writer local; prints {\"key\",\"seq\"}.") { store, channel, text };
        CliAction.Set(command, (parse, ct) => AppendAsync(parse.GetValue(store)!, c => c.SendAsync(parse.GetValue(text)!, parse.GetValue(channel)!, ct: ct), ct));
        return command;
    }

    private static Command Topic()
    {
        var store = CliOptions.Store();
        var channel = ChannelOption();
        var text = new Argument<string>("TEXT") { Description = "The topic." };
        var command = new Command("topic", "Append a chat/topic for --channel to the writer local; prints {\"key\",\"seq\"}.") { store, channel, text };
        CliAction.Set(command, (parse, ct) => AppendAsync(parse.GetValue(store)!, c => c.SetTopicAsync(parse.GetValue(channel)!, parse.GetValue(text)!, ct), ct));
        return command;
    }

    private static Command Read()
    {
        var store = CliOptions.Store();
        var channel = ChannelOption();
        var limit = new Option<int?>("--limit") { Description = "Only the newest N messages (still printed oldest first)." };
        var command = new Command("read", "The channel's messages oldest first: {\"key\",\"seq\",\"type\",\"channel\",\"text\",\"timestamp\",\"name\"} per line.") { store, channel, limit };
        CliAction.Set(command, async (parse, ct) =>
        {
            await using var cabal = await Cabal.OpenAsync(parse.GetValue(store)!, ct: ct);
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            foreach (var (_, m) in await cabal.PageAsync(parse.GetValue(channel)!, parse.GetValue(limit), ct: ct))
            {
                output.Raw("{\"key\":\"" + m.Feed + "\",\"seq\":");
                output.Number(m.Seq);
                output.Raw(",\"type\":");
                output.String(m.Type);
                output.Raw(",\"channel\":");
                output.String(m.Channel);
                output.Raw(",\"text\":");
                output.String(m.Text);
                output.Raw(",\"timestamp\":");
                JsJson.WriteNumber(m.Timestamp, output.Buffer);
                output.Raw(",\"name\":");
                if (m.Name is null) output.Raw("null");
                else output.String(m.Name);
                output.Raw("}");
                await output.EndLineAsync(ct);
            }
            return 0;
        });
        return command;
    }

    private static Command Channels()
    {
        var store = CliOptions.Store();
        var command = new Command("channels", "One line per channel: {\"channel\",\"topic\"}.") { store };
        CliAction.Set(command, async (parse, ct) =>
        {
            await using var cabal = await Cabal.OpenAsync(parse.GetValue(store)!, ct: ct);
            await cabal.ReadyAsync(ct);
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            foreach (var channel in await cabal.State.ChannelsAsync(ct))
            {
                output.Raw("{\"channel\":");
                output.String(channel);
                output.Raw(",\"topic\":");
                if (await cabal.State.TopicAsync(channel, ct) is { } topic) output.String(topic);
                else output.Raw("null");
                output.Raw("}");
                await output.EndLineAsync(ct);
            }
            return 0;
        });
        return command;
    }

    private static Option<string> ChannelOption() => new("--channel", "-c")
    {
        Description = "The channel.",
        DefaultValueFactory = _ => CabalMessages.DefaultChannel,
    };

    private static async Task<int> AppendAsync(string dir, Func<Cabal, ValueTask<long>> append, CancellationToken ct)
    {
        await using var cabal = await Cabal.OpenAsync(dir, ct: ct);
        var seq = await append(cabal);
        await using var output = new JsonLineWriter(Console.OpenStandardOutput());
        output.Raw("{\"key\":\"" + cabal.LocalKey + "\",\"seq\":");
        output.Number(seq);
        output.Raw("}");
        await output.EndLineAsync(ct);
        return 0;
    }
}

using Kappa.Chat.Messages;
using Kappa.Views.List;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary>
/// What the chat client shows: channels, the current channel's messages (kept in list order, so a
/// late message lands in its place), the scroll-back offset, the input line and a status line.
/// Drawn with Spectre.Console as one full-screen layout. Touched only by the client's loop.
/// </summary>
internal sealed class ChatScreen
{
    private readonly SortedList<ListPosition, ChatMessage> _messages = new();

    public string Channel { get; set; } = CabalMessages.DefaultChannel;
    public IReadOnlyList<string> Channels { get; set; } = [];
    public string? Topic { get; set; }
    public string Input { get; set; } = "";
    public string Status { get; set; } = "";
    public int Peers { get; set; }

    /// <summary>
    /// Every author's current nick (feed hex → nick), re-read whenever the state view catches up:
    /// lines are drawn with it, so a nick change or an "about" that arrived after its author's
    /// messages renames lines already shown.
    /// </summary>
    public IReadOnlyDictionary<string, string> Nicks { get; set; } = new Dictionary<string, string>();
    public string Title { get; set; } = "";

    /// <summary>Lines scrolled back from the newest message (0 = following the newest).</summary>
    public int ScrollBack { get; set; }

    public int Count => _messages.Count;
    public ListPosition? Oldest => _messages.Count > 0 ? _messages.Keys[0] : null;

    public void Clear() { _messages.Clear(); ScrollBack = 0; }

    /// <summary>Inserts at its position (late messages land in the past); false if it was already shown.</summary>
    public bool Add(ListPosition position, ChatMessage message) => _messages.TryAdd(position, message);

    public static int VisibleRows => Math.Max(1, Console.WindowHeight - 6);

    public void Draw()
    {
        var rows = VisibleRows;
        var end = Math.Max(0, _messages.Count - ScrollBack);
        var start = Math.Max(0, end - rows);
        var lines = new List<string>();
        for (var i = start; i < end; i++) lines.Add(Line(_messages.Values[i]));
        var body = lines.Count == 0 ? new Markup("[grey](no messages yet)[/]") : new Markup(string.Join('\n', lines));
        var header = $"[bold]#{Markup.Escape(Channel)}[/]" + (Topic is null ? "" : $" — {Markup.Escape(Topic)}") + (ScrollBack > 0 ? $" [yellow](scrolled back {ScrollBack})[/]" : "");
        var channels = string.Join('\n', Channels.Select(c => c == Channel ? $"[bold green]> {Markup.Escape(c)}[/]" : "  " + Markup.Escape(c)));
        var layout = new Layout("root").SplitRows(
            new Layout("main").SplitColumns(
                new Layout("channels").Size(22).Update(new Panel(new Markup(channels + $"\n\n[grey]peers: {Peers}[/]")).Header("channels").Expand()),
                new Layout("messages").Update(new Panel(body).Header(header).Expand())),
            new Layout("input").Size(3).Update(new Panel(new Markup("> " + Markup.Escape(Input) + "[blink]_[/]")).Header(Markup.Escape(Status.Length > 0 ? Status : Title)).Expand()));
        AnsiConsole.Cursor.SetPosition(0, 0);
        AnsiConsole.Write(layout);
    }

    private string Line(ChatMessage m)
    {
        // Display time is the author's claim, shown in local time; a claim in the future is marked,
        // and ordering keeps it where the claim puts it (never re-stamped).
        var when = DateTimeOffset.FromUnixTimeMilliseconds((long)m.Timestamp).ToLocalTime();
        var future = m.Timestamp > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000 ? "[red]*[/]" : "";
        var feed = m.Feed.ToString();
        var who = Markup.Escape(Nicks.GetValueOrDefault(feed) ?? m.Name ?? feed[..8]);
        var text = Markup.Escape(m.Text);
        return m.Type switch
        {
            "chat/emote" => $"[grey]{when:HH:mm}[/]{future} [italic]* {who} {text}[/]",
            "chat/topic" => $"[grey]{when:HH:mm}[/]{future} [blue]{who} set the topic: {text}[/]",
            _ => $"[grey]{when:HH:mm}[/]{future} [bold]<{who}>[/] {text}",
        };
    }
}

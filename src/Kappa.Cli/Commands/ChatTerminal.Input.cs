namespace Kappa.Cli.Commands;

internal sealed partial class ChatTerminal
{
    private async Task OnKeyAsync(ConsoleKeyInfo key)
    {
        var ct = _stop.Token;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                var line = _screen.Input.Trim();
                _screen.Input = "";
                _screen.Status = "";
                if (line.Length > 0) await OnLineAsync(line, ct);
                return;
            case ConsoleKey.Backspace:
                if (_screen.Input.Length > 0) _screen.Input = _screen.Input[..^1];
                return;
            case ConsoleKey.PageUp or ConsoleKey.UpArrow:
                _screen.ScrollBack = Math.Min(_screen.Count, _screen.ScrollBack + (key.Key == ConsoleKey.PageUp ? ChatScreen.VisibleRows - 1 : 1));
                if (_screen.Count - _screen.ScrollBack < ChatScreen.VisibleRows) await LoadOlderAsync(ct);
                _screen.ScrollBack = Math.Min(_screen.ScrollBack, Math.Max(0, _screen.Count - 1));
                return;
            case ConsoleKey.PageDown or ConsoleKey.DownArrow:
                _screen.ScrollBack = Math.Max(0, _screen.ScrollBack - (key.Key == ConsoleKey.PageDown ? ChatScreen.VisibleRows - 1 : 1));
                return;
            default:
                if (!char.IsControl(key.KeyChar)) _screen.Input += key.KeyChar;
                return;
        }
    }

    private async Task OnLineAsync(string line, CancellationToken ct)
    {
        if (!line.StartsWith('/'))
        {
            await _cabal.SendAsync(line, _screen.Channel, ct: ct);
            _screen.ScrollBack = 0;
            return;
        }
        var space = line.IndexOf(' ');
        var command = space < 0 ? line : line[..space];
        var arg = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (command)
        {
            case "/join" when arg.Length > 0:
                var channel = arg.TrimStart('#');
                await _cabal.JoinAsync(channel, ct);
                await SwitchChannelAsync(channel, ct);
                break;
            case "/part":
                await _cabal.LeaveAsync(_screen.Channel, ct);
                await SwitchChannelAsync(Kappa.Chat.Messages.CabalMessages.DefaultChannel, ct);
                break;
            case "/nick" when arg.Length > 0:
                await _cabal.SetNickAsync(arg, ct);
                _screen.Status = "you are now " + arg;
                break;
            case "/topic" when arg.Length > 0:
                await _cabal.SetTopicAsync(_screen.Channel, arg, ct);
                break;
            case "/me" when arg.Length > 0:
                await _cabal.EmoteAsync(arg, _screen.Channel, ct);
                break;
            case "/channels":
                await RefreshChannelInfoAsync(ct);
                _screen.Status = "channels: " + string.Join(", ", _screen.Channels);
                break;
            case "/names":
                var users = await _cabal.State.UsersAsync(ct);
                var members = await _cabal.State.MembersAsync(_screen.Channel, ct);
                var names = members.Count > 0 ? members.Select(m => users.GetValueOrDefault(m) ?? m[..8]) : users.Values;
                _screen.Status = "names: " + string.Join(", ", names.Order(StringComparer.Ordinal));
                break;
            case "/quit":
                await _stop.CancelAsync();
                break;
            default:
                _screen.Status = "unknown command " + command + " (/join /part /nick /topic /me /channels /names /quit)";
                break;
        }
    }
}

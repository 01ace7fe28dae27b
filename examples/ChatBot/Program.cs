// A chat bot that joins a cabal and answers: it replicates live with a peer that listens at
// HOST:PORT (`kappa replicate --listen`, `kappa chat --listen`, or any Kappa.NET / cabal-core peer
// with a TCP listener) and answers "!ping" in any channel it watches with "pong, <nick>".
//   dotnet run --project examples/ChatBot -- ./bot-db cabal://KEY 127.0.0.1:13331 [--answers N]
// With --answers N it leaves after N answers (the test uses 1); otherwise Ctrl+C stops it.
using System.Net;
using System.Net.Sockets;
using Kappa.Chat;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: ChatBot STORE cabal://KEY HOST:PORT [--answers N]");
    return 2;
}
var answersLeft = args.Length >= 5 && args[3] == "--answers" ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

await using var cabal = await Cabal.OpenAsync(args[0], CabalKey.Parse(args[1]));
await cabal.SetNickAsync("bot", stop.Token);

// Subscribe before connecting: every message that arrives from now on reaches the tail once.
const string channel = "default";
await using var tail = cabal.TailAsync(channel, history: 1, stop.Token).GetAsyncEnumerator(stop.Token);
while (await tail.MoveNextAsync() && tail.Current is not null) { } // skip the history up to its end marker

using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
await socket.ConnectAsync(IPEndPoint.Parse(args[2]), stop.Token);
var session = await cabal.StartReplicationAsync(socket, isInitiator: true, live: true, stop.Token);
Console.WriteLine($"bot {cabal.LocalKey[..8]} joined {cabal.Key} through {args[2]}");

try
{
    while (answersLeft > 0 && await tail.MoveNextAsync())
    {
        if (tail.Current is not { } item) continue;
        var message = item.Message;
        if (message.Feed.ToString() == cabal.LocalKey || !message.Text.StartsWith("!ping", StringComparison.Ordinal)) continue;
        var reply = $"pong, {message.Name ?? message.Feed.ToString()[..8]}";
        await cabal.SendAsync(reply, channel, ct: stop.Token);
        Console.WriteLine($"answered {message.Feed.ToString()[..8]}@{message.Seq}: {reply}");
        answersLeft--;
    }
    // Stay until the peer has our answers (it confirms the blocks it stored), then leave.
    using var grace = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
    grace.CancelAfter(TimeSpan.FromSeconds(30));
    await session.WhenSyncedAsync(grace.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
await session.DisposeAsync();
return 0;

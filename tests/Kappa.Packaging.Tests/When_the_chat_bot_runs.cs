using System.Net;
using System.Net.Sockets;
using Kappa.Chat;
using Kappa.TestSupport;

namespace Kappa.Packaging.Tests;

/// <summary>examples/ChatBot joins a cabal over TCP and answers a peer's "!ping" in the channel.</summary>
public sealed class When_the_chat_bot_runs
{
    [Fact]
    public async Task It_answers_a_ping_from_a_cabal_peer_and_the_answer_replicates_back()
    {
        using var dir = new TempDirectory("example-chatbot");
        await using var alice = await Cabal.OpenAsync(dir.Combine("alice"));
        await alice.SetNickAsync("alice");

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var bot = ExampleProgram.RunAsync("ChatBot", dir.Path, dir.Combine("bot"), alice.Key.ToString(), $"127.0.0.1:{port}", "--answers", "1");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var accept = listener.AcceptSocketAsync(timeout.Token).AsTask();
        if (await Task.WhenAny(accept, bot) == bot) Assert.Fail($"the bot exited before it connected: {await bot}");
        var socket = await accept;
        await using var session = await alice.StartReplicationAsync(socket, isInitiator: false, live: true, timeout.Token);

        // The bot subscribes before it connects; once its nick has arrived here, its tail is live.
        while (!alice.Core.Feeds.Any(f => f.Key.ToString() != alice.LocalKey && f.Length > 0))
            await Task.Delay(50, timeout.Token);
        await alice.SendAsync("!ping");

        string? answer = null;
        await foreach (var item in alice.TailAsync("default", history: 10, timeout.Token))
            if (item is { } m && m.Message.Feed.ToString() != alice.LocalKey) { answer = m.Message.Text; break; }

        Assert.Equal("pong, alice", answer);
        var run = await bot;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answered", run.Stdout, StringComparison.Ordinal);
    }
}

using System.Threading.Channels;
using Kappa.Chat;
using Kappa.Chat.Messages;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Kappa.Server.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kappa.Server.Events;

/// <summary>
/// <c>chat</c> events for a cabal: every message written or replicated after the server started,
/// sent once the cabal's views have indexed it (so a page read after the event already holds it)
/// with its author's nick and cursor. Per feed in seq order, each message once; moderation as it
/// stands when the message is sent. Like <see cref="StoreEventHub"/>, feed events only wake this
/// loop: a writer never waits for it.
/// </summary>
internal sealed partial class ChatEventSource(Cabal cabal, StoreEventHub hub, ILogger<ChatEventSource> logger) : IHostedService, IDisposable
{
    // One pending wake is enough: each round reads every feed up to what it holds then.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<Feed, long> _sent = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cabal.Core.Store.FeedAdded += OnFeedAdded;
        foreach (var feed in cabal.Core.Feeds)
        {
            _sent[feed] = feed.Length;
            Watch(feed);
        }
        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        cabal.Core.Store.FeedAdded -= OnFeedAdded;
        foreach (var feed in cabal.Core.Feeds)
        {
            feed.Appended -= OnChanged;
            feed.Downloaded -= OnChanged;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Writer.TryComplete();
        try { await _pump.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    public void Dispose() => _stop.Dispose();

    private void OnFeedAdded(object? sender, FeedAddedEventArgs e)
    {
        Watch(e.Feed);
        _wake.Writer.TryWrite(true);
    }

    private void Watch(Feed feed)
    {
        feed.Appended += OnChanged;
        feed.Downloaded += OnChanged;
    }

    private void OnChanged(object? sender, EventArgs e) => _wake.Writer.TryWrite(true);

    private async Task PumpAsync(CancellationToken ct)
    {
        while (await _wake.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            var due = new List<(Feed Feed, long From, long End)>();
            foreach (var feed in cabal.Core.Feeds)
            {
                // A feed that joined after start is new to every client from its first entry.
                var from = _sent.GetValueOrDefault(feed);
                var end = from;
                while (end < feed.Length && feed.Has(end)) end++;
                if (end > from) due.Add((feed, from, end));
            }
            if (due.Count == 0) continue;
            try
            {
                await cabal.ReadyAsync(ct).ConfigureAwait(false);
                var moderation = await cabal.State.ModerationAsync(cabal.LocalKey, ct).ConfigureAwait(false);
                foreach (var (feed, from, end) in due)
                    _sent[feed] = await SendAsync(feed, from, end, moderation, ct).ConfigureAwait(false);
            }
            catch (KappaException e) { LogFailed(logger, e); }
        }
    }

    /// <summary>Sends the messages among <paramref name="feed"/>'s entries [from, end); returns where the next round starts.</summary>
    private async Task<long> SendAsync(Feed feed, long from, long end, Kappa.Chat.Views.Moderation moderation, CancellationToken ct)
    {
        var hex = feed.Key.ToString();
        try
        {
            await foreach (var block in feed.ReadRawAsync(from, end, ct: ct).ConfigureAwait(false))
                if (ChatMessage.FromBlock(feed.Key, block.Seq, block.Data) is { } m && moderation.Shows(hex, m.Channel))
                    hub.Broadcast(EventFrame.From("chat", ChatMessageInfo.From(m with { Name = await cabal.State.NickAsync(hex, ct).ConfigureAwait(false) })));
            return end;
        }
        catch (FeedException e) when (e.Seq is { } bad && e.Code != FeedException.Closed)
        {
            // A block that fails verification is never sent; the entries after it still are.
            LogFailed(logger, e);
            _wake.Writer.TryWrite(true);
            return bad + 1;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Could not send chat events")]
    private static partial void LogFailed(ILogger logger, Exception e);
}

using System.Buffers;
using System.Threading.Channels;
using Kappa.Core;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Kappa.Server.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kappa.Server.Events;

/// <summary>
/// Turns the store's changes into server-sent events for every connected client. Feed events
/// only wake a single pump (an append never waits for it); the pump reads the new entries once,
/// renders each event once, and offers it to every client's bounded queue.
/// </summary>
/// <remarks>
/// Ordering: per feed, entries are published in seq order, each exactly once. A client receives
/// every entry the pump publishes after it subscribed — that is, every entry at or past the
/// point each feed's publishing had reached at that moment.
/// </remarks>
internal sealed partial class StoreEventHub(KappaCore core, KappaServerOptions options, SwarmAccess swarm, ILogger<StoreEventHub> logger) : IHostedService, IDisposable
{
    // A broadcast offers its frames at once; a quarter of a queue leaves a reader that keeps up room to drain.
    private readonly int _framesPerBroadcast = Math.Clamp(options.EventQueueCapacity / 4, 1, 1024);
    private readonly Channel<Feed> _wake = Channel.CreateUnbounded<Feed>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly Dictionary<Feed, long> _published = [];
    private readonly ViewWatcher _views = new(core);
    private readonly PeerWatcher _peers = new(swarm);
    private readonly EventReplay _replay = new(options.EventReplayCount, options.EventReplayBytes);
    private EventSubscription[] _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;
    private Task _viewPoll = Task.CompletedTask;

    /// <summary>Clients connected now.</summary>
    public int ClientCount => Volatile.Read(ref _clients).Length;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        core.Store.FeedAdded += OnFeedAdded;
        lock (_gate)
            foreach (var feed in core.Feeds)
            {
                _published[feed] = feed.Length;
                Watch(feed);
            }
        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
        _viewPoll = Task.Run(() => PollViewsAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        core.Store.FeedAdded -= OnFeedAdded;
        foreach (var feed in core.Feeds) Unwatch(feed);
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Writer.TryComplete();
        try { await Task.WhenAll(_pump, _viewPoll).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        lock (_gate)
        {
            foreach (var c in _clients) c.Close();
            _clients = [];
        }
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>
    /// Adds a client. A client that reconnects with the id of the last event it saw gets every
    /// event sent since, in order, when they are still kept (<see cref="EventReplay"/>); any other
    /// client first gets a <c>hello</c> with every feed and view as they are now.
    /// </summary>
    public EventSubscription Subscribe(string? lastEventId = null)
    {
        var client = new EventSubscription(options.EventQueueCapacity);
        lock (_gate)
        {
            if (_replay.Since(lastEventId) is { } missed)
            {
                foreach (var frame in missed)
                    if (!client.Offer(frame)) return client; // more than its queue holds: cut off (overflow), as a slow client
                _clients = [.. _clients, client];
                return client;
            }
            var feeds = core.Store.NamedFeeds.Select(f => new FeedInfo(f.Feed.Key.ToString(), f.Feed.Length, f.Feed.Writable, f.Name)).ToList();
            var views = core.Views.Select(ViewInfo.From).ToList();
            var peers = swarm.Swarm?.Peers.Select(p => PeerInfo.From(p)).ToList() ?? [];
            client.Offer(EventFrame.From("hello", new { feeds, views, peers }));
            _clients = [.. _clients, client];
        }
        return client;
    }

    /// <summary>Where publishing <paramref name="feed"/> has reached: every entry before it was sent.</summary>
    public long Published(Feed feed)
    {
        lock (_gate) return _published.GetValueOrDefault(feed);
    }

    /// <summary>Removes a client (it disconnected, or its stream ended).</summary>
    public void Unsubscribe(EventSubscription client)
    {
        lock (_gate) _clients = [.. _clients.Where(c => c != client)];
    }

    /// <summary>Sends one event to every client; a client whose queue is full is cut off, never waited for.</summary>
    public void Broadcast(EventFrame frame)
    {
        lock (_gate) Offer([frame]);
    }

    private void Offer(IReadOnlyList<EventFrame> unstamped)
    {
        var frames = unstamped.Select(_replay.Stamp).ToList();
        List<EventSubscription>? dropped = null;
        foreach (var client in _clients)
            foreach (var frame in frames)
                if (!client.Offer(frame))
                {
                    (dropped ??= []).Add(client);
                    break;
                }
        if (dropped is null) return;
        _clients = [.. _clients.Except(dropped)];
        LogSlowClients(logger, dropped.Count);
    }

    private void OnFeedAdded(object? sender, FeedAddedEventArgs e)
    {
        Watch(e.Feed);
        _wake.Writer.TryWrite(e.Feed);
    }

    private void Watch(Feed feed)
    {
        feed.Appended += OnAppended;
        feed.Downloaded += OnDownloaded;
    }

    private void Unwatch(Feed feed)
    {
        feed.Appended -= OnAppended;
        feed.Downloaded -= OnDownloaded;
    }

    private void OnAppended(object? sender, FeedAppendedEventArgs e) => _wake.Writer.TryWrite((Feed)sender!);

    private void OnDownloaded(object? sender, BlockDownloadedEventArgs e) => _wake.Writer.TryWrite((Feed)sender!);

    private async Task PumpAsync(CancellationToken ct)
    {
        var dirty = new HashSet<Feed>();
        var value = new ArrayBufferWriter<byte>(1024);
        while (await _wake.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            dirty.Clear();
            while (_wake.Reader.TryRead(out var feed)) dirty.Add(feed);
            foreach (var feed in dirty)
            {
                try { await PublishAsync(feed, value, ct).ConfigureAwait(false); }
                catch (KappaException e) { LogPublishFailed(logger, feed.Key.ToString(), e); }
            }
        }
    }

    /// <summary>Publishes the entries of <paramref name="feed"/> stored contiguously past what was published.</summary>
    private async Task PublishAsync(Feed feed, ArrayBufferWriter<byte> value, CancellationToken ct)
    {
        long from;
        lock (_gate)
        {
            if (!_published.TryGetValue(feed, out from))
            {
                // A feed that joined after start: every entry it gets is new to every client.
                _published[feed] = from = 0;
                Offer([EventFrame.From("feed", new FeedInfo(feed.Key.ToString(), feed.Length, feed.Writable, core.Store.NameOf(feed)))]);
            }
        }
        var end = from;
        while (end < feed.Length && feed.Has(end)) end++;
        if (end == from) return;
        var key = feed.Key.ToString();
        var frames = new List<EventFrame>(_framesPerBroadcast);
        var next = from;
        try
        {
            await foreach (var block in feed.ReadRawAsync(from, end, ct: ct).ConfigureAwait(false))
            {
                frames.Add(EntryFrame(key, block, feed.ValueEncoding, value));
                next = block.Seq + 1;
                if (frames.Count == _framesPerBroadcast) Flush(feed, frames, next);
            }
            Flush(feed, frames, end);
        }
        catch (FeedException e) when (e.Seq is { } bad && e.Code != FeedException.Closed)
        {
            // A block that fails verification is never sent; the entries after it still are.
            Flush(feed, frames, bad + 1);
            LogPublishFailed(logger, key, e);
            _wake.Writer.TryWrite(feed);
        }
    }

    private void Flush(Feed feed, List<EventFrame> frames, long next)
    {
        lock (_gate)
        {
            Offer(frames);
            _published[feed] = next;
        }
        frames.Clear();
    }

    private static EventFrame EntryFrame(string key, FeedBlock block, ValueEncoding encoding, ArrayBufferWriter<byte> value)
    {
        var valid = EntryValue.TryWrite(block.Data.Span, encoding, value);
        var w = new ArrayBufferWriter<byte>(value.WrittenCount + 120);
        EventFrame.Start(w, "entry");
        w.Write("{\"key\":\""u8);
        w.Write(System.Text.Encoding.ASCII.GetBytes(key));
        w.Write("\",\"seq\":"u8);
        System.Text.Unicode.Utf8.TryWrite(w.GetSpan(20), System.Globalization.CultureInfo.InvariantCulture, $"{block.Seq}", out var n);
        w.Advance(n);
        w.Write(",\"value\":"u8);
        if (valid) w.Write(value.WrittenSpan);
        else w.Write("null,\"error\":\"not a valid JSON value\""u8);
        w.Write("}"u8);
        return EventFrame.End(w, "entry");
    }

    /// <summary>Views and peers are sampled (state changes and progress alike), not pushed: one loop, bounded event rate.</summary>
    private async Task PollViewsAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.ViewPollInterval);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            foreach (var changed in _views.Changes()) Broadcast(EventFrame.From("view", changed));
            foreach (var changed in _peers.Changes()) Broadcast(EventFrame.From("peer", changed));
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Cut off {Count} live-events client(s) that read too slowly")]
    private static partial void LogSlowClients(ILogger logger, int count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Could not publish entries of feed {Feed}")]
    private static partial void LogPublishFailed(ILogger logger, string feed, Exception e);
}

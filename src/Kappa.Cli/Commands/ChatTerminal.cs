using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Kappa.Chat;
using Kappa.Multifeed.Replication;
using Spectre.Console;

namespace Kappa.Cli.Commands;

/// <summary>
/// The full-screen chat client: keys and live events feed one loop that owns the screen. Peers
/// come from <c>--connect</c>/<c>--listen</c> (direct TCP, live replication with the cabal key).
/// </summary>
internal sealed partial class ChatTerminal : IAsyncDisposable
{
    private readonly Cabal _cabal;
    private readonly ChatScreen _screen = new();
    private readonly Channel<Func<Task>> _events = Channel.CreateUnbounded<Func<Task>>();
    private readonly List<ReplicationSession> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _tail;
    private Kappa.Swarm.KappaSwarm? _swarm;
    private bool _loadingOlder;
    // 1 while a refresh of nicks and channel info is posted and not yet run: a burst of indexing posts one.
    private int _stateRefreshPosted;

    private ChatTerminal(Cabal cabal) => _cabal = cabal;

    /// <summary>Where a cabal's store lives without --store: a per-user folder keyed by the cabal key.</summary>
    public static string DefaultStore(CabalKey key) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "kappa", "cabals", key.Hex);

    public static async Task<int> RunAsync(string? store, string? keyText, string? nick, string? connect, string? listen, bool swarm, bool dht, CancellationToken ct)
    {
        var key = keyText is null ? null : CabalKey.Parse(keyText);
        store ??= DefaultStore(key ??= CabalKey.Random());
        await using var terminal = new ChatTerminal(await Cabal.OpenAsync(store, key, ct));
        if (nick is not null) await terminal._cabal.SetNickAsync(nick, ct);
        if (swarm) await terminal.JoinSwarmAsync(dht, ct);
        return await terminal.RunLoopAsync(connect, listen, ct);
    }

    /// <summary>Cabal's swarm: topic = discovery key of the cabal key, LAN (mDNS) and (unless --no-dht) the DHT, live replication, our peer-id.</summary>
    private async Task JoinSwarmAsync(bool dht, CancellationToken ct)
    {
        _swarm = await _cabal.JoinSwarmAsync(Kappa.Swarm.SwarmOptions.Default with { Dht = dht }, ct);
        _swarm.PeerConnected += (_, _) => Post(CountPeers);
        _swarm.PeerDisconnected += (_, _) => Post(CountPeers);
    }

    private void CountPeers() => _screen.Peers = _sessions.Count(s => !s.Completion.IsCompleted) + (_swarm?.Peers.Count ?? 0);

    private async Task<int> RunLoopAsync(string? connect, string? listen, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        var token = linked.Token;
        _screen.Title = $"{_cabal.Key}  /join /part /nick /topic /me /channels /names /quit  PgUp/PgDn scroll";
        _cabal.StateChanged += (_, _) =>
        {
            if (Interlocked.Exchange(ref _stateRefreshPosted, 1) == 0) Post(() => RefreshStateAsync(token));
        };
        if (listen is not null) _ = AcceptAsync(listen, token);
        if (connect is not null) await ConnectAsync(connect, token);
        StartKeyReader();
        await SwitchChannelAsync(_screen.Channel, token);
        AnsiConsole.Clear();
        while (!token.IsCancellationRequested)
        {
            _screen.Draw();
            Func<Task> next;
            try { next = await _events.Reader.ReadAsync(token); }
            catch (OperationCanceledException) { break; }
            await next();
            while (_events.Reader.TryRead(out var more)) await more();
        }
        AnsiConsole.Clear();
        return 0;
    }

    private void Post(Func<Task> action) => _events.Writer.TryWrite(action);

    private void Post(Action action) => Post(() => { action(); return Task.CompletedTask; });

    /// <summary>Console.ReadKey blocks, so it runs on its own thread and posts keys to the loop.</summary>
    private void StartKeyReader()
    {
        var thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var key = Console.ReadKey(intercept: true);
                Post(() => OnKeyAsync(key));
            }
        }) { IsBackground = true, Name = "chat keys" };
        thread.Start();
    }

    /// <summary>Follows the channel live: history first, then every new message in its place.</summary>
    private async Task SwitchChannelAsync(string channel, CancellationToken ct)
    {
        if (_tail is not null) await _tail.CancelAsync();
        _tail = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = _tail.Token;
        _screen.Channel = channel;
        _screen.Clear();
        await RefreshStateAsync(ct);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in _cabal.TailAsync(channel, history: Math.Max(50, ChatScreen.VisibleRows * 2), token))
                    if (item is { } m) Post(async () =>
                    {
                        if (token.IsCancellationRequested) return;
                        _screen.Add(m.Position, m.Message);
                        if (m.Message.Type == "chat/topic") await RefreshChannelInfoAsync(token);
                    });
                    else Post(() => RefreshChannelInfoAsync(token));
            }
            catch (OperationCanceledException) { }
            catch (Exception e) when (e is Kappa.Hypercore.KappaException or IOException) { Post(() => _screen.Status = "tail stopped: " + e.Message); }
        }, token);
    }

    /// <summary>The state view caught up: re-read nicks (lines already shown are redrawn with them), channels and the topic.</summary>
    private async Task RefreshStateAsync(CancellationToken ct)
    {
        Volatile.Write(ref _stateRefreshPosted, 0); // cleared first: a change while reading posts another refresh
        _screen.Nicks = await _cabal.State.UsersAsync(ct);
        await RefreshChannelInfoAsync(ct);
    }

    private async Task RefreshChannelInfoAsync(CancellationToken ct)
    {
        _screen.Channels = [.. (await _cabal.State.ChannelsAsync(ct)).Append(_screen.Channel).Distinct().Order(StringComparer.Ordinal)];
        _screen.Topic = await _cabal.State.TopicAsync(_screen.Channel, ct);
        CountPeers();
    }

    /// <summary>Scrolling past the oldest loaded message loads the page before it (exclusive cursor: nothing skipped).</summary>
    private async Task LoadOlderAsync(CancellationToken ct)
    {
        if (_loadingOlder || _screen.Oldest is not { } oldest) return;
        _loadingOlder = true;
        try
        {
            foreach (var (position, message) in await _cabal.PageAsync(_screen.Channel, ChatScreen.VisibleRows * 2, before: oldest, ct: ct))
                _screen.Add(position, message);
        }
        finally { _loadingOlder = false; }
    }

    private async Task ConnectAsync(string endpoint, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPEndPoint.Parse(endpoint), ct);
        Track(await _cabal.StartReplicationAsync(socket, isInitiator: true, ct: ct));
    }

    private async Task AcceptAsync(string endpoint, CancellationToken ct)
    {
        using var listener = new TcpListener(IPEndPoint.Parse(endpoint));
        listener.Start();
        Post(() => _screen.Status = "listening on " + listener.LocalEndpoint);
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await listener.AcceptSocketAsync(ct); }
            catch (OperationCanceledException) { return; }
            try { Track(await _cabal.StartReplicationAsync(socket, isInitiator: false, ct: ct)); }
            catch (Exception e) when (e is Kappa.Hypercore.KappaException or IOException) { Post(() => _screen.Status = "peer failed: " + e.Message); }
        }
    }

    private void Track(ReplicationSession session)
    {
        Post(() => { _sessions.Add(session); CountPeers(); });
        _ = session.Completion.ContinueWith(t => Post(() =>
        {
            CountPeers();
            _screen.Status = t.IsFaulted ? "peer left: " + t.Exception!.InnerException!.Message : "peer left";
        }), TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_tail is not null) await _tail.CancelAsync();
        foreach (var s in _sessions) await s.DisposeAsync();
        if (_swarm is not null) await _swarm.DisposeAsync();
        await _cabal.DisposeAsync();
        _stop.Dispose();
    }
}

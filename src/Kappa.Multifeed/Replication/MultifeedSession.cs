using System.Buffers;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Multifeed.Store;
using Kappa.Protocol.Replication;

namespace Kappa.Multifeed.Replication;

/// <summary>
/// multifeed 5.2.4's feed exchange over one protocol session (replication-protocol.md §10):
/// root channel on the shared key, HANDSHAKE → MANIFEST → REQUEST_FEEDS → REPLICATE_FEEDS, then
/// one feed channel per exchanged key. Better than multifeed 5 where it fails: a non-live
/// session closes its root only after every exchange was answered and every exchanged feed
/// finished, and reports an early end by the peer as incomplete instead of success.
/// </summary>
internal sealed partial class MultifeedSession : ISessionHandler
{
    private readonly FeedStore _store;
    private readonly ReplicationOptions _options;
    private readonly ChannelSettings _settings;
    private readonly HashSet<string> _offered = new(StringComparer.Ordinal);      // keys we put in our manifests
    private readonly HashSet<string> _remoteOffered = new(StringComparer.Ordinal); // keys the peer offered
    private readonly HashSet<string> _requested = new(StringComparer.Ordinal);     // keys we asked for
    private readonly Dictionary<string, FeedChannel> _channels = new(StringComparer.Ordinal);
    private readonly List<FeedKey> _newFeeds = [];
    private RootChannel _root = null!;
    private bool _handshakeSent, _handshakeReceived;
    private int _manifestsSent, _requestsSent, _requestsReceived, _replicatesSent, _replicatesReceived, _creating;
    private bool _remoteEnded;
    private readonly HashSet<FeedChannel> _unsynced = [];
    private TaskCompletionSource? _syncedSignal;

    public MultifeedSession(FeedStore store, ReplicationOptions options)
    {
        _store = store;
        _options = options;
        _settings = new ChannelSettings
        {
            Live = options.Live,
            Upload = options.Upload,
            Download = options.Download ? null : false,
            Sparse = options.Sparse,
            MaxRequests = options.MaxRequestsPerFeed,
            RequestTimeout = options.Timeout > TimeSpan.Zero ? options.Timeout : TimeSpan.FromDays(1),
        };
    }

    public ProtocolSession Session { get; private set; } = null!;

    public IReadOnlyList<FeedKey> NewFeeds => _newFeeds;

    public IReadOnlyList<FeedKey> Feeds => _channels.Keys.Select(FeedKey.Parse).ToList();

    /// <summary>True once every exchanged feed finished (non-live).</summary>
    public bool Complete { get; private set; }

    public void Attach(ProtocolSession session)
    {
        Session = session;
        lock (session.Gate)
        {
            // One sorted list (ProtocolSession orders it): an id is a name's index, as in hypercore-protocol 7.
            session.RegisterExtensions(MultifeedMessages.All.Concat(_options.Extensions.Select(e => e.Name)));
            var key = _options.EncryptionKey ?? Convert.FromHexString(ReplicationOptions.DefaultEncryptionKey);
            if (key.Length != 32) throw new ArgumentException("The exchange key must be 32 bytes.", nameof(session));
            _root = new RootChannel(session, key, this);
            session.Open(_root);
            // cabal-core sends its peer-id as soon as the stream exists (swarm.js: ext.send right after replicate()).
            foreach (var extension in _options.Extensions)
                if (extension.OpenPayload is { } payload) session.SendExtension(extension.Name, payload.Span);
        }
        if (_options.Live) _store.FeedAdded += OnStoreFeedAdded;
    }

    public void Detach() => _store.FeedAdded -= OnStoreFeedAdded;

    public void OnRemoteOpen(byte[] discoveryKey)
    {
        // The first channel the peer opens must be the root on our shared key.
        if (!_root.RemoteOpened)
            throw new ReplicationException(ReplicationException.KeyMismatch, "Exchange key did not match remote: the peer uses another encryption key");
    }

    public void OnExtension(string name, ReadOnlySequence<byte> payload)
    {
        if (Array.IndexOf(MultifeedMessages.All, name) < 0)
        {
            OnAppExtension(name, payload);
            return;
        }
        var json = MultifeedMessages.Parse(name, payload);
        switch (name)
        {
            case MultifeedMessages.Handshake: OnHandshake(json); break;
            case MultifeedMessages.Manifest: OnManifest(MultifeedMessages.Keys(json, name)); break;
            case MultifeedMessages.RequestFeeds: OnRequestFeeds(MultifeedMessages.Keys(json, name)); break;
            case MultifeedMessages.ReplicateFeeds: OnReplicateFeeds(MultifeedMessages.Keys(json, name)); break;
            default: break;
        }
    }

    /// <summary>Names the peer announced that are not ours are ignored, as abstract-extension's <c>match</c> drops them.</summary>
    private void OnAppExtension(string name, in ReadOnlySequence<byte> payload)
    {
        foreach (var extension in _options.Extensions)
            if (extension.Name == name) extension.Received?.Invoke(payload.ToArray());
    }

    /// <summary>Checks the application's extensions before a session starts.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated, or one of multifeed's.</exception>
    public static void CheckExtensions(ReplicationOptions options)
    {
        var seen = new HashSet<string>(MultifeedMessages.All, StringComparer.Ordinal);
        foreach (var extension in options.Extensions)
        {
            ArgumentNullException.ThrowIfNull(extension, nameof(options));
            if (string.IsNullOrEmpty(extension.Name) || !seen.Add(extension.Name))
                throw new ArgumentException($"Extension name \"{extension.Name}\" is empty, repeated or one of multifeed's.", nameof(options));
        }
    }

    public void OnChannelClosed(SessionChannel channel)
    {
        if (channel is FeedChannel) Session.Counters.FeedDone();
        CheckDone();
    }

    public void OnRemoteEnded()
    {
        _remoteEnded = true;
        CheckDone();
    }

    /// <summary>Our root channel was opened by the peer with a verified capability: say hello.</summary>
    internal void OnRootOpened()
    {
        if (_handshakeSent) return;
        _handshakeSent = true;
        Session.SendExtension(MultifeedMessages.Handshake, MultifeedMessages.HandshakePayload(_options.Live, _options.UserData));
    }

    private void OnHandshake(System.Text.Json.JsonElement handshake)
    {
        MultifeedMessages.CheckHandshake(handshake);
        if (_handshakeReceived) return;
        _handshakeReceived = true;
        RemoteLive = handshake.TryGetProperty("live", out var live) && live.ValueKind == System.Text.Json.JsonValueKind.True;
        OnRootOpened();
        var keys = _store.Feeds.Select(f => f.Key.ToString()).ToList();
        foreach (var k in keys) _offered.Add(k);
        _manifestsSent++;
        Session.SendExtension(MultifeedMessages.Manifest, MultifeedMessages.ManifestPayload(keys));
    }

    private void OnManifest(List<string> keys)
    {
        var unknown = keys.Count(k => _store.Feed(k) is null && !_remoteOffered.Contains(k));
        if (_newFeeds.Count + _creating + unknown > _options.MaxNewFeeds)
            throw new ReplicationException(ReplicationException.Flood, $"the peer offered more than {_options.MaxNewFeeds} new feeds");
        foreach (var k in keys) _remoteOffered.Add(k);
        var ask = _options.Download ? keys : [];
        foreach (var k in ask) _requested.Add(k);
        _requestsSent++;
        Session.SendExtension(MultifeedMessages.RequestFeeds, MultifeedMessages.KeyListPayload(ask));
    }

    private void OnRequestFeeds(List<string> keys)
    {
        _requestsReceived++;
        var give = keys.Where(_offered.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!_options.Upload) give = [];
        _replicatesSent++;
        Session.SendExtension(MultifeedMessages.ReplicateFeeds, MultifeedMessages.KeyListPayload(give));
        foreach (var k in give) StartReplicating(_store.Feed(k)!);
        CheckDone();
    }

    private void OnReplicateFeeds(List<string> keys)
    {
        _replicatesReceived++;
        var take = keys.Where(_requested.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
        var missing = take.Where(k => _store.Feed(k) is null).ToList();
        foreach (var k in take.Except(missing)) StartReplicating(_store.Feed(k)!);
        if (missing.Count > 0) CreateFeeds(missing);
        CheckDone();
    }

    /// <summary>Creates feeds learned from the peer off the session lock (disk I/O), then opens their channels.</summary>
    private void CreateFeeds(List<string> keys)
    {
        _creating += keys.Count;
        _ = Task.Run(async () =>
        {
            var created = new List<Feed>();
            try
            {
                foreach (var k in keys)
                {
                    var known = _store.Feed(k) is not null;
                    var feed = await _store.AddRemoteFeedAsync(FeedKey.Parse(k)).ConfigureAwait(false);
                    created.Add(feed);
                    if (!known) lock (Session.Gate) _newFeeds.Add(feed.Key);
                }
            }
            catch (Exception e) when (e is KappaException or IOException or UnauthorizedAccessException)
            {
                Session.Fail(e);
                return;
            }
            Session.Post(() =>
            {
                _creating -= keys.Count;
                foreach (var f in created) StartReplicating(f);
                CheckDone();
            });
        });
    }

    private void StartReplicating(Feed feed)
    {
        var key = feed.Key.ToString();
        if (_channels.ContainsKey(key)) return;
        var channel = new FeedChannel(Session, feed, _settings);
        _channels[key] = channel;
        if (!Session.Open(channel)) return;
        Session.Counters.FeedAdded();
        if (!channel.InSync) _unsynced.Add(channel);
    }

    /// <summary>Live: a feed that joined our store later is offered to the peer unless it came from them.</summary>
    private void OnStoreFeedAdded(object? sender, FeedAddedEventArgs e) => Session.Post(() =>
    {
        var key = e.Feed.Key.ToString();
        if (_offered.Contains(key) || _remoteOffered.Contains(key) || !_handshakeReceived) return;
        _offered.Add(key);
        _manifestsSent++;
        Session.SendExtension(MultifeedMessages.Manifest, MultifeedMessages.ManifestPayload([key]));
    });

    /// <summary>Every feed list we sent or were sent has been answered, and every learned feed is created.</summary>
    private bool Exchanged => _handshakeReceived && _requestsSent > 0 && _replicatesReceived >= _requestsSent
        && _requestsReceived >= _manifestsSent && _replicatesSent >= _requestsReceived && _creating == 0;

    /// <summary>Non-live: when every exchange is answered and every exchanged feed finished, close the root; end output when all is closed.</summary>
    private void CheckDone()
    {
        CheckSynced();
        if (_options.Live || _options.Sparse) return;
        var feedsDone = _channels.Values.All(c => c.Finished);
        if (Exchanged && feedsDone)
        {
            Complete = true;
            _root.Close();
        }
        if (Session.Channels.All(c => c.LocallyClosed) && (Complete || _remoteEnded) && (_root.RemotelyClosed || _remoteEnded))
            Session.EndOutput();
    }
}

using System.Buffers;
using Kappa.Hypercore;
using Kappa.Hypercore.Tree;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

/// <summary>
/// One feed replicated with one peer: hypercore 8.14 <c>lib/replicate.js</c> Peer
/// (replication-protocol.md §9). Runs under its session's lock; feed events from other threads
/// reach it through <see cref="ProtocolSession.Post"/>.
/// </summary>
internal sealed partial class FeedChannel : SessionChannel
{
    private const ulong WantRegion = 1024 * 1024;
    [ThreadStatic] private static FeedChannel? t_storing;

    private readonly ChannelSettings _settings;
    private readonly FeedReservations _reservations;
    private readonly Action _wakeOnRelease;
    private readonly bool _uploading;
    private bool _downloading;
    private readonly bool _defaultDownloading;
    private bool _remoteUploading = true;
    private bool _remoteDownloading = true;
    private bool _endCalled;
    private bool _subscribed;

    public FeedChannel(ProtocolSession session, Feed feed, ChannelSettings settings) : base(session, feed.Key.ToArray())
    {
        Feed = feed;
        _settings = settings;
        _reservations = FeedReservations.For(feed);
        _wakeOnRelease = () => Session.Post(Update);
        _uploading = settings.Upload;
        _downloading = settings.Download ?? !feed.Writable;
        _defaultDownloading = _downloading;
    }

    public Feed Feed { get; }

    /// <summary>True once this channel has nothing left to do with this peer (non-live) and both sides closed.</summary>
    public bool Done => Finished;

    protected override void OnRemoteOpened()
    {
        Subscribe();
        // Ask the peer to acknowledge every block it stores from us (hypercore 8 `ack` option):
        // that, with its answer to our Want, is how we know — not assume — that it holds our blocks.
        Session.Send(LocalId, MessageType.Options, WireMessages.Options([AckRangesExtension], ack: true));
        if (!_uploading || !_downloading) Session.Send(LocalId, MessageType.Status, WireMessages.Status(_uploading, _downloading));
        SendWants();
        Update();
        UpdateSync();
    }

    internal override void Handle(MessageType type, in ReadOnlySequence<byte> body)
    {
        switch (type)
        {
            case MessageType.Status: OnStatus(MessageCodec.Decode<Status>(body)); break;
            case MessageType.Have: OnHave(BlockMessageReader.Have(body)); break;
            case MessageType.Unhave: OnUnhave(MessageCodec.Decode<Unhave>(body)); break;
            case MessageType.Want: OnWant(MessageCodec.Decode<Want>(body)); break;
            case MessageType.Request: OnRequest(BlockMessageReader.Request(body)); break;
            case MessageType.Data: OnData(BlockMessageReader.Data(body, _nodeBuffer)); break;
            case MessageType.Options: OnOptions(MessageCodec.Decode<Options>(body)); break;
            default: break; // Unwant and Cancel are never sent by hypercore 8
        }
        UpdateSync();
    }

    private void OnOptions(Options options)
    {
        _remoteAck = options.Ack;
        _remoteAckRanges = options.Extensions.Contains(AckRangesExtension); // no feed-level extension messages are sent by kappa peers
    }

    internal override void Tick(DateTimeOffset now)
    {
        if (!RemoteOpened && !LocallyClosed && now - OpenedAt > _settings.OpenTimeout)
            throw new ProtocolException(ProtocolException.Timeout, $"the peer did not open feed {Feed.Key} within {_settings.OpenTimeout.TotalSeconds:0} s");
        CheckRequestTimeout(now);
    }

    internal override void OnSessionEnded() => OnClosing();

    protected override void OnRemoteClosed() => UpdateSync();

    protected override void OnClosing()
    {
        ReleaseAllRequests();
        _reservations.StopWaiting(_wakeOnRelease);
        Unsubscribe();
        UpdateSync();
    }

    private void Subscribe()
    {
        if (_subscribed) return;
        _subscribed = true;
        Feed.Appended += OnFeedAppended;
        Feed.Downloaded += OnFeedDownloaded;
        Feed.BlockWanted += OnBlockWanted;
        // Readers that began waiting before this channel subscribed fired their event unheard.
        foreach (var seq in Feed.AwaitedBlocks()) OnBlockWanted(seq);
    }

    private void Unsubscribe()
    {
        if (!_subscribed) return;
        _subscribed = false;
        Feed.Appended -= OnFeedAppended;
        Feed.Downloaded -= OnFeedDownloaded;
        Feed.BlockWanted -= OnBlockWanted;
    }

    // Feed events arrive on whatever thread appended or stored: hand them to the session.
    // (The posts live in their own methods: a lambda capturing a parameter allocates its closure
    // on entry, even on the early return our own downloads take.)
    private void OnFeedAppended(object? sender, FeedAppendedEventArgs e)
    {
        if (!Feed.Writable) return; // a downloaded feed's length grew: its blocks are announced on download
        PostAppended(e.OldLength, e.NewLength);
    }

    private void PostAppended(long oldLength, long newLength) =>
        Session.Post(() => { AnnounceAppend(oldLength, newLength); UpdateSync(); });

    private void OnFeedDownloaded(object? sender, BlockDownloadedEventArgs e)
    {
        if (t_storing == this) return; // our own download: announced below, not echoed to the sender
        PostDownloaded(e.Seq);
    }

    private void PostDownloaded(long seq) =>
        Session.Post(() => { AnnounceBlock(seq); NoteStored(seq); Update(); UpdateSync(); });

    private void OnBlockWanted(long seq) => Session.Post(() => { _wanted.Add(seq); Update(); });

    private void AnnounceAppend(long oldLength, long newLength)
    {
        if (LocallyClosed || !_remoteWant) return;
        var count = (ulong)(newLength - oldLength);
        Session.Send(LocalId, MessageType.Have, count == 1 ? WireMessages.Have((ulong)oldLength) : WireMessages.Have((ulong)oldLength, count));
    }

    private void AnnounceBlock(long seq)
    {
        if (LocallyClosed || !_remoteWant) return;
        Session.Send(LocalId, MessageType.Have, WireMessages.Have((ulong)seq));
    }

}

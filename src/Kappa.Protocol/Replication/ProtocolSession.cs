using System.Buffers;
using System.Collections.Concurrent;
using Google.Protobuf;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

/// <summary>
/// One replication stream over a secure connection (hypercore-protocol 7): channels per key,
/// stream-level extensions on channel 0, a reader task and a writer task. All protocol state is
/// touched under one lock by the reader, the writer (for queued events) and the timer; events
/// from other threads (appends, downloads in other sessions) are queued, never run under
/// another session's lock, so sessions cannot deadlock each other.
/// </summary>
internal sealed partial class ProtocolSession : IAsyncDisposable
{
    /// <summary>Unflushed bytes above which the reader waits for the writer (bounds memory against a slow reader).</summary>
    private const int MaxPendingBytes = 8 << 20;

    private readonly SecureConnection _connection;
    private readonly ISessionHandler _handler;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<Action> _events = new();
    private readonly SemaphoreSlim _writerSignal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<ulong, byte[]> _remoteChannels = [];
    private readonly Dictionary<string, SessionChannel> _localByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ulong RemoteId, byte[]? Capability)> _pendingRemote = new(StringComparer.Ordinal);
    private ulong _nextLocalId;
    private Task _reader = Task.CompletedTask;
    private Task _writer = Task.CompletedTask;
    private ITimer? _timer;
    private bool _outputEnded;
    private bool _inputEnded;

    public ProtocolSession(SecureConnection connection, ISessionHandler handler, TimeProvider? time = null)
    {
        _connection = connection;
        _handler = handler;
        _time = time ?? TimeProvider.System;
    }

    public ReplicationCounters Counters { get; } = new();
    public bool IsInitiator => _connection.IsInitiator;
    public TimeProvider Time => _time;

    /// <summary>Completes when both directions ended, or faults with the reason the session failed.</summary>
    public Task Completion => _done.Task;

    /// <summary>The session lock: the layer above takes it to act from its own threads.</summary>
    public Lock Gate => _gate;

    public void Start()
    {
        _reader = Task.Run(ReadLoopAsync);
        _writer = Task.Run(WriteLoopAsync);
        _timer = _time.CreateTimer(_ => Post(Tick), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Runs <paramref name="action"/> under the session lock on the writer task (for events from other threads).</summary>
    public void Post(Action action)
    {
        _events.Enqueue(action);
        SignalWriter();
    }

    /// <summary>Queues a frame (call under the lock); the writer task sends it.</summary>
    public void Send(ulong channel, MessageType type, IMessage message)
    {
        if (_outputEnded) return;
        _connection.WriteFrame(channel, type, message);
        if (!t_dispatching) SignalWriter(); // the reader signals once per burst of frames instead
    }

    /// <summary>Queues a frame whose body encodes itself (call under the lock).</summary>
    public void Send<TBody>(ulong channel, MessageType type, in TBody body) where TBody : struct, IFrameBody
    {
        if (_outputEnded) return;
        _connection.WriteFrame(channel, type, body);
        if (!t_dispatching) SignalWriter();
    }

    [ThreadStatic] private static bool t_dispatching;
    private readonly HashSet<Kappa.Hypercore.Feed> _deferredCommits = [];

    private readonly List<(FeedChannel Channel, long Index)> _pendingAcks = [];

    /// <summary>A channel stored a downloaded block whose bitfield commit waits for the end of the burst.</summary>
    public void NoteDeferredCommit(Kappa.Hypercore.Feed feed) => _deferredCommits.Add(feed);

    /// <summary>Queues the peer's acknowledgement of a stored block until its commit is done (an ack promises the block is durable here).</summary>
    public void AcknowledgeAfterCommit(FeedChannel channel, long index) => _pendingAcks.Add((channel, index));

    /// <summary>A channel went in or out of sync (under the lock).</summary>
    public void ChannelSyncChanged(FeedChannel channel, bool inSync) => _handler.OnChannelSync(channel, inSync);

    private void CommitDeferredDownloads()
    {
        Kappa.Hypercore.Feed[] feeds;
        lock (_gate)
        {
            if (_deferredCommits.Count == 0) return;
            feeds = [.. _deferredCommits];
            _deferredCommits.Clear();
        }
        foreach (var feed in feeds) feed.CommitDownloads();
        lock (_gate)
        {
            // Consecutive blocks of one channel go out as one run (one Have to a peer that takes ranges).
            for (var i = 0; i < _pendingAcks.Count;)
            {
                var (channel, start) = _pendingAcks[i];
                var count = 1;
                while (i + count < _pendingAcks.Count && _pendingAcks[i + count].Channel == channel && _pendingAcks[i + count].Index == start + count) count++;
                channel.Acknowledge(start, count);
                i += count;
            }
            _pendingAcks.Clear();
        }
    }

    /// <summary>Fails the session: the connection is torn down and <see cref="Completion"/> faults with <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        if (!_done.TrySetException(error)) return;
        _connection.Abort(error.Message);
        _stop.Cancel();
    }

    /// <summary>Ends our output after everything queued (TCP half-close); the session ends when the remote ends too.</summary>
    public void EndOutput()
    {
        if (_outputEnded) return;
        _outputEnded = true;
        SignalWriter();
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new ProtocolException(ProtocolException.Aborted, "the replication session was closed"));
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
        try { await Task.WhenAll(_reader, _writer).ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or ProtocolException or IOException or ObjectDisposedException or InvalidOperationException) { }
        lock (_gate) _pendingAcks.Clear(); // the connection is gone: nothing to acknowledge to
        CommitDeferredDownloads();
        // Reservations and feed subscriptions must not outlive the session (a cut connection never sends Close).
        lock (_gate)
            foreach (var channel in _localByKey.Values) channel.OnSessionEnded();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void SignalWriter()
    {
        if (_writerSignal.CurrentCount != 0) return;
        try { _writerSignal.Release(); }
        catch (SemaphoreFullException) { }
    }

    private void Tick()
    {
        var now = _time.GetUtcNow();
        foreach (var channel in _localByKey.Values.ToList()) channel.Tick(now);
    }

    private async Task WriteLoopAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (true)
            {
                await _writerSignal.WaitAsync(ct).ConfigureAwait(false);
                if (!_events.IsEmpty)
                {
                    lock (_gate)
                        while (_events.TryDequeue(out var action)) action();
                }
                if (_outputEnded)
                {
                    await _connection.CompleteAsync(ct).ConfigureAwait(false);
                    MaybeDone();
                    return;
                }
                if (_connection.PendingBytes > 0) await _connection.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e) { Fail(e); }
    }

    private void MaybeDone()
    {
        lock (_gate)
            if (_outputEnded && _inputEnded) _done.TrySetResult();
    }
}

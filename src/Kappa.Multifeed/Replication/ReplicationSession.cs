using System.Net.Sockets;
using Kappa.Multifeed.Store;
using Kappa.Protocol;
using Kappa.Protocol.Replication;
using Kappa.Protocol.Transport;

namespace Kappa.Multifeed.Replication;

/// <summary>
/// A running replication with one peer. Non-live sessions end on their own once both sides
/// hold what the other offered; live sessions run until disposed or the connection ends.
/// Every block received is verified against its writer's signature before it is stored.
/// </summary>
public sealed class ReplicationSession : IAsyncDisposable
{
    private readonly MultifeedSession _exchange;
    private readonly ProtocolSession _session;
    private readonly ReplicationOptions _options;
    private readonly ITimer? _progressTimer;
    private readonly Task<ReplicationResult> _completion;
    private readonly System.Diagnostics.Activity? _activity;

    private ReplicationSession(MultifeedSession exchange, ProtocolSession session, ReplicationOptions options, System.Diagnostics.Activity? activity)
    {
        _activity = activity;
        _exchange = exchange;
        _session = session;
        _options = options;
        if (options.Progress is { } progress)
            _progressTimer = options.TimeProvider.CreateTimer(_ => progress.Report(Progress), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        _completion = CompleteAsync();
    }

    /// <summary>Feeds, blocks and bytes moved so far.</summary>
    public ReplicationProgress Progress => _session.Counters.Snapshot();

    /// <summary>
    /// True while both sides hold the same blocks of every feed exchanged so far, as the peer
    /// confirmed it: every feed list answered, every block the peer announced stored here, and
    /// every block we hold acknowledged by the peer (its bitfield, Haves, and hypercore 8 acks of
    /// the blocks we sent) — or the peer said it does not download that feed. A live session goes
    /// out of sync when either side appends, and back in once the new blocks moved.
    /// </summary>
    public bool IsSynced
    {
        get { lock (_session.Gate) return _exchange.IsSynced; }
    }

    /// <summary>
    /// Completes when the session is (or next becomes) <see cref="IsSynced"/>; faults with the
    /// session's error if it ends first, and with <see cref="ReplicationException"/>
    /// (<see cref="ReplicationException.Incomplete"/>) if it ends cleanly without getting there.
    /// </summary>
    public async Task WhenSyncedAsync(CancellationToken ct = default)
    {
        Task synced;
        lock (_session.Gate) synced = _exchange.WhenSynced();
        var first = await Task.WhenAny(synced, _completion).WaitAsync(ct).ConfigureAwait(false);
        if (first == synced) return;
        lock (_session.Gate)
            if (_exchange.IsSynced) return;
        await _completion.ConfigureAwait(false); // throws the session's error
        throw new ReplicationException(ReplicationException.Incomplete, "the session ended before both sides were in sync");
    }

    /// <summary>
    /// Completes with the result when the session ends. Faults with <see cref="ReplicationException"/>
    /// (incomplete, key or version mismatch, flood), <see cref="ProtocolException"/> (bad frames,
    /// timeouts) or <see cref="Kappa.Hypercore.FeedException"/> (a block failed verification).
    /// </summary>
    public Task<ReplicationResult> Completion => _completion;

    internal static async Task<ReplicationSession> StartAsync(FeedStore store, IDuplexPipeTransport transport, bool isInitiator, ReplicationOptions? options, CancellationToken ct)
    {
        options ??= ReplicationOptions.Default;
        MultifeedSession.CheckExtensions(options);
        var connectionOptions = new SecureConnectionOptions { IdleTimeout = options.Timeout, TimeProvider = options.TimeProvider };
        SecureConnection connection;
        var activity = Diagnostics.MultifeedTelemetry.SessionStarted(isInitiator, options.Live);
        try { connection = await SecureConnection.EstablishAsync(transport.Pipe, isInitiator, connectionOptions, ct).ConfigureAwait(false); }
        catch (Exception e)
        {
            Diagnostics.MultifeedTelemetry.SessionEnded(activity, default, e);
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var exchange = new MultifeedSession(store, options);
        var session = new ProtocolSession(connection, exchange, options.TimeProvider);
        exchange.Attach(session);
        session.Start();
        return new ReplicationSession(exchange, session, options, activity);
    }

    private async Task<ReplicationResult> CompleteAsync()
    {
        Exception? error = null;
        try
        {
            await _session.Completion.ConfigureAwait(false);
            if (!_options.Live && !_options.Sparse && !_exchange.Complete)
                throw new ReplicationException(ReplicationException.Incomplete,
                    $"the peer ended the session before replication completed ({Progress.FeedsDone} of {Progress.FeedsTotal} feeds finished)");
            lock (_session.Gate) return new ReplicationResult(_exchange.Feeds, [.. _exchange.NewFeeds], Progress) { Synced = _exchange.IsSynced };
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            Diagnostics.MultifeedTelemetry.SessionEnded(_activity, Progress, error);
            _exchange.Detach();
            if (_progressTimer is not null) await _progressTimer.DisposeAsync().ConfigureAwait(false);
            _options.Progress?.Report(Progress);
            await _session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the session (a live one ends here); a non-live one still running fails as aborted.</summary>
    public async ValueTask DisposeAsync()
    {
        _session.Fail(new ProtocolException(ProtocolException.Aborted, "the replication session was stopped"));
        try { await _completion.ConfigureAwait(false); }
        catch (Exception e) when (e is ProtocolException or ReplicationException or Kappa.Hypercore.KappaException or IOException) { }
    }
}

/// <summary>A transport pipe plus whatever must be disposed with it.</summary>
internal interface IDuplexPipeTransport : IAsyncDisposable
{
    System.IO.Pipelines.IDuplexPipe Pipe { get; }
}

/// <summary>A caller's duplex pipe: completing its output ends our side of the stream; disposal completes both ends.</summary>
internal sealed class CallerPipeTransport(System.IO.Pipelines.IDuplexPipe pipe) : IDuplexPipeTransport
{
    public System.IO.Pipelines.IDuplexPipe Pipe => pipe;

    public async ValueTask DisposeAsync()
    {
        await pipe.Input.CompleteAsync().ConfigureAwait(false);
        await pipe.Output.CompleteAsync().ConfigureAwait(false);
    }
}

/// <summary>A socket or stream adapted to pipes (TCP half-close when it is a socket).</summary>
internal sealed class StreamPipeTransport(StreamTransport transport) : IDuplexPipeTransport
{
    public System.IO.Pipelines.IDuplexPipe Pipe => transport;

    public static StreamPipeTransport For(Socket socket) => new(StreamTransport.Create(socket));

    public static StreamPipeTransport For(Stream stream) => stream is NetworkStream ns
        ? new(StreamTransport.Create(ns, () => ns.Socket.Shutdown(SocketShutdown.Send)))
        : new(StreamTransport.Create(stream));

    public ValueTask DisposeAsync() => transport.DisposeAsync();
}

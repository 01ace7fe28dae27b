using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Kappa.Protocol.Noise;

namespace Kappa.Protocol.Transport;

/// <summary>
/// An encrypted hypercore-protocol 7 connection over a byte duplex (TCP or in-process pipes):
/// the Noise XX handshake, then XSalsa20 on each direction, carrying frames.
/// <code>
/// await using var c = await SecureConnection.EstablishAsync(StreamTransport.Create(socket), isInitiator: true);
/// c.WriteFrame(1, MessageType.Open, WireMessages.Open(dk, c.CreateCapability(feedKey)));
/// await c.FlushAsync();                          // one encrypted write for everything queued
/// while (await c.ReadFrameAsync() is { } frame) { ... MessageCodec.Decode&lt;Have&gt;(frame.Body) ... }
/// await c.CompleteAsync();                       // half-close, like JS push(null)
/// </code>
/// Threading: one reader at a time (<see cref="ReadFrameAsync"/>); writes and flushes may come
/// from any thread and keep their order. No thread is dedicated to a connection; timers come
/// from <see cref="SecureConnectionOptions.TimeProvider"/>. Any protocol error, the idle timeout
/// or <see cref="Abort"/> fails the connection: pending and later calls throw that error.
/// </summary>
internal sealed partial class SecureConnection : IAsyncDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly SecureConnectionOptions _options;
    private readonly TimeProvider _time;
    private HandshakeResult? _handshake;
    private Exception? _failure;
    private int _disposed;

    private SecureConnection(IDuplexPipe transport, bool isInitiator, SecureConnectionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFrameBodyLength, 1);
        _transport = transport;
        _options = options;
        _time = options.TimeProvider;
        IsInitiator = isInitiator;
        // Room for one maximal frame (two 8-byte varints + body) plus one transport read.
        _receive = new ReceiveBuffer(options.MaxFrameBodyLength + 16 + StreamTransport.ReadBufferSize);
    }

    /// <summary>
    /// Runs the handshake on <paramref name="transport"/> and returns the ready connection, which
    /// then owns the transport. On failure the transport is disposed and the error (a
    /// <see cref="ProtocolException"/>, or cancellation) is thrown.
    /// </summary>
    public static async Task<SecureConnection> EstablishAsync(IDuplexPipe transport, bool isInitiator, SecureConnectionOptions? options = null, CancellationToken ct = default)
    {
        var connection = new SecureConnection(transport, isInitiator, options ?? SecureConnectionOptions.Default);
        try
        {
            await connection.HandshakeAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether we sent the first handshake message.</summary>
    public bool IsInitiator { get; }

    /// <summary>Split keys, handshake hash, remote static key and payload.</summary>
    public HandshakeResult Handshake => _handshake ?? throw new InvalidOperationException("The handshake has not completed.");

    /// <summary>The error that ended the connection, if any.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>The capability to send in our Open for <paramref name="feedKey"/>.</summary>
    public byte[] CreateCapability(ReadOnlySpan<byte> feedKey) =>
        Capability.Create(Handshake.TransmitKey, Handshake.ReceiveKey, feedKey);

    /// <summary>Checks the capability of a remote Open (constant time).</summary>
    public bool VerifyCapability(ReadOnlySpan<byte> feedKey, ReadOnlySpan<byte> remoteCapability) =>
        Capability.Verify(Handshake.TransmitKey, Handshake.ReceiveKey, feedKey, remoteCapability);

    /// <summary>
    /// Fails the connection with <see cref="ProtocolException.Aborted"/> and
    /// <paramref name="reason"/>; pending reads and flushes wake up with that error. Nothing more
    /// is sent. Follow with <see cref="DisposeAsync"/> to close the transport.
    /// </summary>
    public void Abort(string reason) => Fail(new ProtocolException(ProtocolException.Aborted, reason));

    /// <summary>Stops the timers and closes the transport (aborting the connection if it is still open).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Fail(new ProtocolException(ProtocolException.Aborted, "The connection was disposed."));
        DisposeTimers();
        if (_transport is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await _transport.Input.CompleteAsync().ConfigureAwait(false);
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        ReleaseBuffers();
    }

    /// <summary>Records the first failure and wakes whatever waits on the transport; returns the recorded one.</summary>
    private Exception Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _failure, error, null) is { } earlier) return earlier;
        DisposeTimers();
        try
        {
            _transport.Input.CancelPendingRead();
            _transport.Output.CancelPendingFlush();
        }
        catch (InvalidOperationException)
        {
            // The pipes were already completed: nothing is waiting on them.
        }
        return error;
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure) ExceptionDispatchInfo.Throw(failure);
    }

    private void ReleaseBuffers()
    {
        // A read or flush still running on another thread may be touching these; leave those
        // arrays to the GC instead of returning them to the shared pool under its feet.
        if (Volatile.Read(ref _reading) == 0) _receive.Dispose();
        if (_flushGate.Wait(0))
        {
            try
            {
                lock (_sendLock)
                {
                    _pending.Dispose();
                    _flushing.Dispose();
                }
            }
            finally
            {
                _flushGate.Release(); // later flushes must reach ThrowIfFailed, not wait forever
            }
        }
        _encrypt?.Dispose();
        _decrypt?.Dispose();
    }

    private Exception TransportFailed(Exception e) =>
        Fail(new ProtocolException(ProtocolException.TransportFailed, "The transport failed: " + e.Message, e));
}

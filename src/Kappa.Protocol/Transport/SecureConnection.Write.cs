using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Transport;

// Sending: WriteFrame encodes into the pending buffer under a lock (cheap, never waits on I/O);
// FlushAsync swaps buffers, encrypts the whole batch straight into the transport's memory
// (keystream order = flush order = wire order, since flushes are serialised) and awaits the
// transport's flush — that await is the back-pressure on a fast sender.
internal sealed partial class SecureConnection
{
    private readonly Lock _sendLock = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private SendBuffer _pending = new();
    private SendBuffer _flushing = new();
    private XSalsa20Stream? _encrypt;
    private bool _outputCompleted;

    /// <summary>Bytes queued by WriteFrame and not yet taken by a flush (for back-pressure decisions).</summary>
    public int PendingBytes
    {
        get { lock (_sendLock) return _pending.Count; }
    }

    /// <summary>Queues a protobuf-bodied frame. Sent by the next <see cref="FlushAsync"/>.</summary>
    public void WriteFrame(ulong channel, MessageType type, IMessage message)
    {
        var size = message.CalculateSize();
        CheckBodyLength(size);
        lock (_sendLock)
        {
            EnsureWritable();
            var start = _pending.Count;
            try
            {
                FrameWriter.WriteHeader(_pending, channel, type, size);
                message.WriteTo(_pending);
                // A message changed by another thread since CalculateSize would corrupt the stream.
                if (_pending.Count - start != FrameWriter.FrameLength(channel, type, size))
                    throw new InvalidOperationException("The message changed while it was being written.");
            }
            catch
            {
                _pending.Truncate(start); // nothing is encrypted before the flush: drop the partial frame
                throw;
            }
        }
    }

    /// <summary>Queues a frame whose body writes itself (the per-block messages, without a message object).</summary>
    public void WriteFrame<TBody>(ulong channel, MessageType type, in TBody body) where TBody : struct, Messages.IFrameBody
    {
        var size = body.Length;
        CheckBodyLength(size);
        lock (_sendLock)
        {
            EnsureWritable();
            FrameWriter.WriteHeader(_pending, channel, type, size);
            body.Write(_pending.GetSpan(size)[..size]);
            _pending.Advance(size);
        }
    }

    /// <summary>Queues a frame with a raw body.</summary>
    public void WriteFrame(ulong channel, MessageType type, ReadOnlySpan<byte> body)
    {
        CheckBodyLength(body.Length);
        lock (_sendLock)
        {
            EnsureWritable();
            FrameWriter.Write(_pending, channel, type, body);
        }
    }

    /// <summary>Queues bytes exactly as given, bypassing framing: lets tests play a peer that sends malformed frames.</summary>
    internal void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        lock (_sendLock)
        {
            EnsureWritable();
            bytes.CopyTo(_pending.GetSpan(bytes.Length));
            _pending.Advance(bytes.Length);
        }
    }

    /// <summary>Queues an Extension frame (body = varint(extensionId) ‖ payload).</summary>
    public void WriteExtension(ulong channel, ulong extensionId, ReadOnlySpan<byte> payload)
    {
        CheckBodyLength(Varint.Size(extensionId) + payload.Length);
        lock (_sendLock)
        {
            EnsureWritable();
            FrameWriter.WriteExtension(_pending, channel, extensionId, payload);
        }
    }

    /// <summary>
    /// Sends everything queued so far (one transport write) and waits until the transport has
    /// taken it. Flushes are serialised; frames queued meanwhile go out with the next one.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken ct = default)
    {
        await _flushGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await FlushCoreAsync(complete: false, ct).ConfigureAwait(false);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>
    /// Flushes, then ends our output (TCP half-close, JS <c>push(null)</c>); reading goes on until
    /// the remote ends too. Later writes throw; calling it again does nothing.
    /// </summary>
    public async ValueTask CompleteAsync(CancellationToken ct = default)
    {
        await _flushGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await FlushCoreAsync(complete: true, ct).ConfigureAwait(false);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private async ValueTask FlushCoreAsync(bool complete, CancellationToken ct)
    {
        ThrowIfFailed();
        SendBuffer batch;
        lock (_sendLock)
        {
            if (_outputCompleted) return;
            if (complete)
            {
                _outputCompleted = true;
                StopKeepAlive();
            }
            batch = _pending;
            _pending = _flushing;
            _flushing = batch;
        }
        if (batch.Count > 0)
        {
            EncryptInto(_transport.Output, batch.Written.Span);
            batch.Reset();
        }
        // An empty flush sends nothing and must not count as traffic: it would hold back the keep-alive.
        else if (!complete) return;
        await FlushTransportAsync(ct).ConfigureAwait(false);
        if (!complete) return;
        try
        {
            await _transport.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw TransportFailed(e);
        }
    }

    private void EncryptInto(PipeWriter output, ReadOnlySpan<byte> plaintext)
    {
        while (!plaintext.IsEmpty)
        {
            var span = output.GetSpan(Math.Min(plaintext.Length, 64 * 1024));
            var n = Math.Min(span.Length, plaintext.Length);
            _encrypt!.Xor(plaintext[..n], span[..n]);
            output.Advance(n);
            plaintext = plaintext[n..];
        }
    }

    private async ValueTask FlushTransportAsync(CancellationToken ct)
    {
        FlushResult result;
        try
        {
            result = await _transport.Output.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            ThrowIfFailed();
            throw TransportFailed(e);
        }
        ThrowIfFailed(); // a canceled flush means Fail woke us
        if (result.IsCompleted)
            throw Fail(new ProtocolException(ProtocolException.TransportFailed, "The remote stopped reading."));
        Volatile.Write(ref _lastSent, _time.GetTimestamp());
    }

    private void EnsureWritable()
    {
        ThrowIfFailed();
        if (_encrypt is null) throw new InvalidOperationException("The handshake has not completed.");
        if (_outputCompleted) throw new InvalidOperationException("The output has been completed.");
    }

    private void CheckBodyLength(int length)
    {
        if (length > _options.MaxFrameBodyLength)
            throw new ProtocolException(ProtocolException.FrameTooLarge, $"Outgoing message of {length} bytes is larger than max size ({_options.MaxFrameBodyLength} bytes).");
    }
}

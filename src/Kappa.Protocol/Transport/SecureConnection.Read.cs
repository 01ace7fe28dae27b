using System.IO.Pipelines;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Transport;

// Receiving: transport bytes are decrypted into one contiguous buffer, then cut into frames.
// Reads happen only when the buffered bytes hold no complete frame, so a fast sender is held
// back by the transport (TCP flow control / pipe pause threshold) rather than by our memory.
internal sealed partial class SecureConnection
{
    private readonly ReceiveBuffer _receive;
    private XSalsa20Stream? _decrypt;
    private int _consumeOnNextRead;
    private int _reading;

    /// <summary>Current size of the decrypted-bytes buffer (bounded by the frame size limit; diagnostics, tests).</summary>
    internal int ReceiveBufferCapacity => _receive.Capacity;

    /// <summary>
    /// The next frame from the remote, or null once the remote has ended its output at a frame
    /// boundary. Keep-alives and frames of types 11–14 are skipped. The frame's body points into
    /// the connection's buffer and is valid only until the next call (or disposal): decode or
    /// copy it first. One reader at a time. Protocol violations throw
    /// <see cref="ProtocolException"/> and fail the connection.
    /// </summary>
    public async ValueTask<Frame?> ReadFrameAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0) throw new InvalidOperationException("Only one ReadFrameAsync may run at a time.");
        try
        {
            if (_decrypt is null) throw new InvalidOperationException("The handshake has not completed.");
            _receive.Consume(_consumeOnNextRead);
            _consumeOnNextRead = 0;
            while (true)
            {
                ThrowIfFailed();
                if (TryTakeFrame(out var frame)) return frame;
                if (!await FillAsync(ct).ConfigureAwait(false))
                {
                    if (_receive.Count > 0) throw Fail(new ProtocolException(ProtocolException.Truncated, "The remote ended the stream in the middle of a frame."));
                    return null;
                }
            }
        }
        catch (InvalidOperationException) when (Failure is not null)
        {
            // DisposeAsync completed the transport under a read in flight: report why.
            ThrowIfFailed();
            throw;
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private bool TryTakeFrame(out Frame frame)
    {
        var unread = _receive.Unread;
        var before = unread.Length;
        bool complete;
        try
        {
            complete = FrameReader.TryRead(ref unread, out frame, _options.MaxFrameBodyLength);
        }
        catch (ProtocolException e)
        {
            throw Fail(e);
        }
        var used = (int)(before - unread.Length);
        if (complete) _consumeOnNextRead = used; // the body stays valid until the next read
        else _receive.Consume(used);            // skipped keep-alives / ignored types
        return complete;
    }

    /// <summary>Moves at least one decrypted byte into the receive buffer; false at the end of the remote's output.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await ReadTransportAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.IsEmpty)
            {
                _transport.Input.AdvanceTo(buffer.End);
                if (result.IsCompleted) return false;
                continue;
            }

            var space = _receive.GetWriteSpan();
            var taken = (int)Math.Min(space.Length, buffer.Length);
            var offset = 0;
            foreach (var segment in buffer.Slice(0, taken))
            {
                _decrypt!.Xor(segment.Span, space[offset..]);
                offset += segment.Length;
            }
            _receive.Commit(taken);
            _transport.Input.AdvanceTo(buffer.GetPosition(taken));
            return true;
        }
    }

    /// <summary>One transport read, observed by the idle timer and by <see cref="Fail"/>.</summary>
    private async ValueTask<ReadResult> ReadTransportAsync(CancellationToken ct)
    {
        while (true)
        {
            ThrowIfFailed();
            BeginWaitingForBytes();
            ReadResult result;
            try
            {
                result = await _transport.Input.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                ThrowIfFailed(); // closed by Abort / DisposeAsync / a timeout: report that, not the side effect
                throw TransportFailed(e);
            }
            finally
            {
                EndWaitingForBytes();
            }
            if (!result.IsCanceled) return result;
            ThrowIfFailed(); // woken by Fail
            _transport.Input.AdvanceTo(result.Buffer.Start);
        }
    }
}

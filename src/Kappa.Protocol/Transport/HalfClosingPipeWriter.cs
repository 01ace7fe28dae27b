using System.IO.Pipelines;

namespace Kappa.Protocol.Transport;

/// <summary>
/// A <see cref="PipeWriter"/> over a stream that, when completed, also ends the stream's
/// sending direction (TCP half-close: <c>Socket.Shutdown(Send)</c>) while reading goes on —
/// what a JS stream's <c>push(null)</c> does over a socket. <see cref="PipeWriter.Create(Stream, StreamPipeWriterOptions?)"/>
/// alone can only close the whole stream.
/// </summary>
internal sealed class HalfClosingPipeWriter(PipeWriter inner, Action? shutdownOutput) : PipeWriter
{
    private int _completed;

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        inner.Complete(exception);
        ShutdownOnce(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        await inner.CompleteAsync(exception).ConfigureAwait(false);
        ShutdownOnce(exception);
    }

    /// <summary>Completing from now on must not half-close (the owner is closing the whole stream).</summary>
    public void SuppressShutdown() => Interlocked.Exchange(ref _completed, 1);

    private void ShutdownOnce(Exception? exception)
    {
        // After an error the owner closes the whole stream instead.
        if (exception is null && Interlocked.Exchange(ref _completed, 1) == 0) shutdownOutput?.Invoke();
    }
}

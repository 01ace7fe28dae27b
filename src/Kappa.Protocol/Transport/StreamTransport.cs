using System.IO.Pipelines;
using System.Net.Sockets;

namespace Kappa.Protocol.Transport;

/// <summary>
/// Adapts a <see cref="Stream"/> (usually a TCP socket) to <see cref="IDuplexPipe"/> with
/// <see cref="PipeReader.Create(Stream, StreamPipeReaderOptions?)"/> and
/// <see cref="PipeWriter.Create(Stream, StreamPipeWriterOptions?)"/>. The reader only reads
/// when asked, so a peer that sends faster than we consume is held back by TCP flow control
/// instead of filling our memory. Completing <see cref="Output"/> half-closes; disposing closes.
/// </summary>
internal sealed class StreamTransport : IDuplexPipe, IAsyncDisposable
{
    /// <summary>Bytes asked of the stream per read.</summary>
    public const int ReadBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly HalfClosingPipeWriter _output;

    private StreamTransport(Stream stream, Action? shutdownOutput)
    {
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: 4096, leaveOpen: true));
        _output = new HalfClosingPipeWriter(PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)), shutdownOutput);
    }

    public PipeReader Input { get; }

    public PipeWriter Output => _output;

    /// <summary>Wraps a connected socket; the transport owns it.</summary>
    public static StreamTransport Create(Socket socket)
    {
        socket.NoDelay = true; // frames are batched by FlushAsync; Nagle would only add latency
        return new StreamTransport(new QuickAckNetworkStream(socket), () => ShutdownSend(socket));
    }

    /// <summary>Wraps a stream; <paramref name="shutdownOutput"/> (optional) half-closes it when output completes.</summary>
    public static StreamTransport Create(Stream stream, Action? shutdownOutput = null) => new(stream, shutdownOutput);

    /// <summary>Closes the stream, then releases both pipes. Call <c>Output.CompleteAsync</c> first for an orderly end.</summary>
    public async ValueTask DisposeAsync()
    {
        // Close first: leftover unflushed bytes or a pending read then fail fast instead of
        // waiting on a peer that may never read or write again.
        _output.SuppressShutdown();
        await _stream.DisposeAsync().ConfigureAwait(false);
        await Input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Bytes that were never flushed cannot reach a closed stream; dropping them is the point.
        }
    }

    private static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The peer already reset the connection: nothing left to half-close.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

using System.IO.Pipelines;

namespace Kappa.Protocol.Transport;

/// <summary>
/// A plain <see cref="IDuplexPipe"/>; <see cref="CreatePair"/> connects two in-process peers
/// (what kappa-core's <c>a.pipe(b).pipe(a)</c> does in JS). Disposing completes both ends.
/// </summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe, IAsyncDisposable
{
    /// <summary>Per-direction buffering of an in-process pair: a writer pauses at 1 MiB unread.</summary>
    public static PipeOptions DefaultPairOptions { get; } =
        new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);

    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    /// <summary>Two ends wired back to back: what one writes the other reads.</summary>
    public static (DuplexPipe A, DuplexPipe B) CreatePair(PipeOptions? options = null)
    {
        var aToB = new Pipe(options ?? DefaultPairOptions);
        var bToA = new Pipe(options ?? DefaultPairOptions);
        return (new DuplexPipe(bToA.Reader, aToB.Writer), new DuplexPipe(aToB.Reader, bToA.Writer));
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
    }
}

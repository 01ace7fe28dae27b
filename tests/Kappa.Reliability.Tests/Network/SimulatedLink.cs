using System.Buffers;
using System.IO.Pipelines;

namespace Kappa.Reliability.Tests.Network;

/// <summary>
/// An in-memory connection between two peers with seeded faults: every write is re-chunked at
/// random boundaries (split and coalesced), delivered with small random delays, and the link
/// can be cut after a random number of bytes. Ending one side's output ends the other's input.
/// </summary>
internal sealed class SimulatedLink : IAsyncDisposable
{
    private readonly Pipe _aOut = new(), _aIn = new(), _bOut = new(), _bIn = new();
    private readonly CancellationTokenSource _cut = new();
    private readonly Task _pumps;
    private long _bytesUntilCut;

    public SimulatedLink(int seed, long cutAfterBytes = long.MaxValue, bool delays = true)
    {
        _bytesUntilCut = cutAfterBytes;
        A = new DuplexPipe(_aIn.Reader, _aOut.Writer);
        B = new DuplexPipe(_bIn.Reader, _bOut.Writer);
        _pumps = Task.WhenAll(
            Task.Run(() => PumpAsync(_aOut.Reader, _bIn.Writer, new Random(seed), delays)),
            Task.Run(() => PumpAsync(_bOut.Reader, _aIn.Writer, new Random(seed + 1), delays)));
    }

    /// <summary>One end (give it to the initiator).</summary>
    public IDuplexPipe A { get; }

    /// <summary>The other end.</summary>
    public IDuplexPipe B { get; }

    /// <summary>Whether the link was cut (as opposed to ended by the peers).</summary>
    public bool WasCut => _cut.IsCancellationRequested;

    /// <summary>Cuts the connection now: both peers see a transport error.</summary>
    public void Cut() => _cut.Cancel();

    private async Task PumpAsync(PipeReader from, PipeWriter to, Random random, bool delays)
    {
        try
        {
            while (true)
            {
                var result = await from.ReadAsync(_cut.Token);
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var size = (int)Math.Min(buffer.Length, random.Next(1, 4096));
                    if (Interlocked.Add(ref _bytesUntilCut, -size) < 0) { _cut.Cancel(); _cut.Token.ThrowIfCancellationRequested(); }
                    foreach (var segment in buffer.Slice(0, size)) await to.WriteAsync(segment, _cut.Token);
                    buffer = buffer.Slice(size);
                    if (delays && random.Next(8) == 0) await Task.Delay(random.Next(0, 3), _cut.Token);
                }
                from.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    await to.CompleteAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            var error = new IOException("connection cut (simulated)");
            await from.CompleteAsync(error);
            await to.CompleteAsync(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cut.Cancel();
        try { await _pumps; }
        catch (OperationCanceledException) { }
        _cut.Dispose();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}

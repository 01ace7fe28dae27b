using System.Buffers;
using Kappa.Hypercore.Json;

namespace Kappa.Cli.Output;

/// <summary>
/// Writes JSON lines to a stream through one reusable buffer (millions of lines without a string
/// per line). Call <see cref="EndLineAsync"/> after each object; output is flushed in large chunks.
/// </summary>
internal sealed class JsonLineWriter(Stream output) : IAsyncDisposable
{
    private const int FlushThreshold = 1 << 16;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);

    public IBufferWriter<byte> Buffer => _buffer;

    public void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void Raw(string ascii)
    {
        var span = _buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        _buffer.Advance(ascii.Length);
    }

    public void String(string value) => JsJson.WriteString(value, _buffer);

    public void Number(long value) => Raw(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Bool(bool value) => Raw(value ? "true" : "false");

    public async ValueTask EndLineAsync(CancellationToken ct = default)
    {
        _buffer.Write("\n"u8);
        if (_buffer.WrittenCount >= FlushThreshold) await FlushAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask FlushAsync(CancellationToken ct = default)
    {
        if (_buffer.WrittenCount == 0) return;
        await output.WriteAsync(_buffer.WrittenMemory, ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        _buffer.ResetWrittenCount();
    }

    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);
}

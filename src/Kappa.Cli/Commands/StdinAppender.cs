using System.Buffers;
using System.IO.Pipelines;
using Kappa.Hypercore;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa append -</c>: one value per input line (blank lines skipped, CR LF accepted, a UTF-8
/// byte order mark at the start ignored), appended in batches. The next batch is parsed while the
/// previous one is hashed, signed and written on another thread, so the two halves of the work
/// share the cores. A bad line stops the run after every line before it was appended and names
/// its line number (<see cref="BadValueException"/>).
/// </summary>
internal static class StdinAppender
{
    // One signature and one write per file per batch. Measured with 10^6 short lines (medians of
    // 5): 2048 lines 0.55 s CPU / 67 MB peak RSS, 4096 0.58 s / 84 MB, 16384 0.59 s / 138 MB —
    // larger batches only added large short-lived arrays (the tree's node arrays; pooled since,
    // and the sizes not measured again).
    private const int BatchEntries = 2048;
    private const int BatchBytes = 4 << 20;

    /// <summary>Appends every line of <paramref name="input"/>; returns how many values were appended.</summary>
    public static async Task<long> AppendAsync(Stream input, Feed feed, ValueEncoding encoding, CancellationToken ct)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 1 << 20, minimumReadSize: 1 << 16));
        var batch = NewBatch();
        Task<long>? appending = null;
        long line = 0, appended = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                var buffer = result.Buffer;
                while (ReadLines(ref buffer, result.IsCompleted, batch, encoding, ref line))
                {
                    if (appending is not null) await appending;
                    appended += batch.Count;
                    appending = AppendInBackground(feed, batch, ct);
                    batch = NewBatch();
                }
                if (result.IsCompleted) break;
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadValueException e)
        {
            // Everything before the bad line goes in; then the error names the line.
            if (appending is not null) await appending;
            appending = null;
            appended += batch.Count;
            await feed.AppendEncodedAsync(batch, ct);
            throw new BadValueException($"line {line} of the input: {e.Message}; the {appended} values before it were appended (feed length {feed.Length})");
        }
        finally
        {
            await reader.CompleteAsync();
            if (appending is not null) await appending;
        }
        appended += batch.Count;
        await feed.AppendEncodedAsync(batch, ct);
        return appended;
    }

    /// <summary>Adds the whole lines of <paramref name="buffer"/> (and a last unterminated one when <paramref name="final"/>) until the batch is full; true when it is.</summary>
    /// <remarks>
    /// Lines are cut from the buffer's first segment with a vectorised search and the sequence is
    /// sliced once per segment, not once per line; only a line that crosses segments is copied.
    /// (A <c>SequenceReader&lt;byte&gt;</c> did the same per line, in generic code that the tool's
    /// ReadyToRun image does not hold, so it ran unoptimised for much of a short run.)
    /// </remarks>
    private static bool ReadLines(ref ReadOnlySequence<byte> buffer, bool final, EncodedBatch batch, ValueEncoding encoding, ref long line)
    {
        while (!buffer.IsEmpty)
        {
            var span = buffer.FirstSpan;
            var used = 0;
            var full = false;
            while (!full)
            {
                var end = span[used..].IndexOf((byte)'\n');
                if (end < 0) break;
                Add(batch, span.Slice(used, end), encoding, ++line);
                used += end + 1;
                full = IsFull(batch);
            }
            if (used > 0)
            {
                buffer = buffer.Slice(used);
                if (full) return true;
                continue;
            }
            // No line ends in the first segment: the line crosses into the next one, or is the last.
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null)
            {
                if (final)
                {
                    Add(batch, buffer.ToArray(), encoding, ++line);
                    buffer = buffer.Slice(buffer.End);
                }
                return false;
            }
            Add(batch, buffer.Slice(0, newline.Value).ToArray(), encoding, ++line);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            if (IsFull(batch)) return true;
        }
        return false;
    }

    private static bool IsFull(EncodedBatch batch) => batch.Count >= BatchEntries || batch.Length >= BatchBytes;

    private static EncodedBatch NewBatch() => new(1 << 16, BatchEntries);

    private static Task<long> AppendInBackground(Feed feed, EncodedBatch batch, CancellationToken ct) =>
        Task.Run(async () => await feed.AppendEncodedAsync(batch, ct), ct);

    private static void Add(EncodedBatch batch, ReadOnlySpan<byte> text, ValueEncoding encoding, long line)
    {
        if (line == 1 && text.StartsWith("\uFEFF"u8)) text = text[3..];
        if (text.Length > 0 && text[^1] == (byte)'\r') text = text[..^1];
        if (text.Trim(" \t"u8).IsEmpty) return;
        ValueParser.AddBlock(batch, text, encoding);
    }
}

using System.Buffers;
using System.CommandLine;
using System.IO.Pipelines;
using System.Text;
using Kappa.Cli.Output;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary><c>kappa append --store DIR [--writer NAME] VALUE...</c> (or <c>-</c>: one value per stdin line, in batches).</summary>
internal static class AppendCommand
{
    private const int BatchEntries = 4096;
    private const int BatchBytes = 4 << 20;

    public static Command Create()
    {
        var store = CliOptions.Store();
        var writer = new Option<string>("--writer", "-w") { Description = "The local writer to append to (created if missing).", DefaultValueFactory = _ => "default" };
        var encoding = CliOptions.Encoding();
        var values = new Argument<string[]>("VALUE") { Description = "Values to append, each parsed as JSON (else taken as a string); - reads one per line from stdin.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("append", "Append values to a local writer; prints {\"key\",\"length\"}.") { store, writer, encoding, values };
        CliAction.Set(command, async (parse, ct) =>
        {
            var enc = CliOptions.ParseEncoding(parse.GetValue(encoding)!);
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, new FeedStoreOptions { ValueEncoding = enc }, ct);
            var feed = await fs.WriterAsync(parse.GetValue(writer), ct: ct);
            if (!feed.Writable) return CliAction.Fail($"\"{parse.GetValue(writer)}\" names a feed learned from a peer, not a local writer.");
            var args = parse.GetValue(values)!;
            if (args is ["-"]) await AppendStdinAsync(feed, enc, ct);
            else
            {
                var batch = new EncodedBatch();
                foreach (var v in args) ValueParser.AddBlock(batch, Encoding.UTF8.GetBytes(v), enc);
                await feed.AppendEncodedAsync(batch, ct);
            }
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            output.Raw("{\"key\":\"" + feed.Key + "\",\"length\":");
            output.Number(feed.Length);
            output.Raw("}");
            await output.EndLineAsync(ct);
            return 0;
        });
        return command;
    }

    private static async Task AppendStdinAsync(Feed feed, ValueEncoding encoding, CancellationToken ct)
    {
        var reader = PipeReader.Create(Console.OpenStandardInput(), new StreamPipeReaderOptions(bufferSize: 1 << 16));
        var batch = new EncodedBatch(1 << 20, BatchEntries);
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            while (TryReadLine(ref buffer, out var line))
            {
                AddLine(batch, line, encoding);
                if (batch.Count >= BatchEntries || batch.Length >= BatchBytes)
                {
                    await feed.AppendEncodedAsync(batch, ct);
                    batch = new EncodedBatch(1 << 20, BatchEntries);
                }
            }
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty) AddLine(batch, buffer, encoding);
                reader.AdvanceTo(buffer.End);
                break;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
        await reader.CompleteAsync();
        if (batch.Count > 0) await feed.AppendEncodedAsync(batch, ct);
        else batch.Return();
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, end.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    private static void AddLine(EncodedBatch batch, ReadOnlySequence<byte> line, ValueEncoding encoding)
    {
        var span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
        if (span.Trim((byte)' ').IsEmpty) return;
        ValueParser.AddBlock(batch, span, encoding);
    }
}

using System.Buffers;
using System.CommandLine;
using System.Text.Json;
using Kappa.Cli.Output;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Json;
using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa cat --store DIR [--feed KEY] [--live]</c>: every entry as
/// <c>{"key","seq","value"}</c>, sorted by key then seq. A block that fails verification is
/// reported on stderr by key and seq and never printed; the exit code is then 1.
/// </summary>
internal static class CatCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static Command Create()
    {
        var store = CliOptions.Store();
        var feedOption = new Option<string?>("--feed", "-f") { Description = "Only this feed (64 hex characters)." };
        var live = new Option<bool>("--live") { Description = "Keep printing new entries as they arrive (Ctrl+C to stop)." };
        var encoding = CliOptions.Encoding();
        var command = new Command("cat", "Print entries as JSON lines {\"key\",\"seq\",\"value\"}, sorted by key then seq.") { store, feedOption, live, encoding };
        CliAction.Set(command, async (parse, ct) =>
        {
            var enc = CliOptions.ParseEncoding(parse.GetValue(encoding)!);
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, new FeedStoreOptions { ReadOnly = true, ValueEncoding = enc }, ct);
            FeedKey? only = parse.GetValue(feedOption) is { } hex ? FeedKey.Parse(hex) : null;
            if (only is { } k && fs.Feed(k) is null) return CliAction.Fail($"no feed {k} in this store");
            await using var output = new JsonLineWriter(Console.OpenStandardOutput());
            var printer = new EntryPrinter(output, enc);
            var next = new Dictionary<FeedKey, long>();
            try
            {
                do
                {
                    foreach (var feed in fs.Feeds.Where(f => only is null || f.Key == only).OrderBy(f => f.Key))
                        next[feed.Key] = await printer.PrintAsync(feed, next.GetValueOrDefault(feed.Key), ct);
                    await output.FlushAsync(ct);
                    if (!parse.GetValue(live)) break;
                    await Task.Delay(PollInterval, ct);
                    await fs.RefreshAsync(ct);
                } while (true);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && parse.GetValue(live)) { }
            return printer.Failed ? 1 : 0;
        });
        return command;
    }

    private sealed class EntryPrinter(JsonLineWriter output, ValueEncoding encoding)
    {
        private readonly ArrayBufferWriter<byte> _value = new(1024);

        public bool Failed { get; private set; }

        /// <summary>Prints the stored entries of <paramref name="feed"/> from <paramref name="from"/>; returns where to continue.</summary>
        public async Task<long> PrintAsync(Feed feed, long from, CancellationToken ct)
        {
            var key = feed.Key.ToString();
            var seq = from;
            var end = feed.Length;
            while (seq < end)
            {
                try
                {
                    await foreach (var block in feed.ReadRawAsync(seq, end, ct: ct))
                    {
                        seq = block.Seq + 1;
                        if (!Render(block.Data.Span)) { Report(key, block.Seq, "is not a valid " + encoding.Name + " value"); continue; }
                        output.Raw("{\"key\":\"" + key + "\",\"seq\":");
                        output.Number(block.Seq);
                        output.Raw(",\"value\":");
                        output.Raw(_value.WrittenSpan);
                        output.Raw("}");
                        await output.EndLineAsync(ct);
                    }
                    seq = end;
                }
                catch (FeedException e) when (e.Seq is { } bad && e.Code != FeedException.Closed)
                {
                    Report(key, bad, e.Message);
                    seq = bad + 1;
                }
            }
            return end;
        }

        private bool Render(ReadOnlySpan<byte> block)
        {
            _value.ResetWrittenCount();
            return JsJson.TryWriteValue(block, encoding, _value);
        }

        private void Report(string key, long seq, string why)
        {
            Failed = true;
            Console.Error.WriteLine(why.Contains(key, StringComparison.Ordinal) ? "kappa: " + why : $"kappa: feed {key} block {seq}: {why}");
        }
    }
}

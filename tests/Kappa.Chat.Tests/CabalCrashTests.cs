using System.Globalization;
using System.Text;
using Kappa.Chat.Messages;
using Kappa.Chat.Views;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Kappa.Views.List;
using Xunit.Abstractions;

namespace Kappa.Chat.Tests;

/// <summary>The cabal's views (messages per channel, and channels/nicks/topics/memberships/flags) are exactly once across kill -9.</summary>
public class CabalCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly string[] Channels = ["default", "dev", "random", "help", "off-topic"];

    [Fact]
    public async Task Killing_the_cabal_indexer_many_times_leaves_its_views_equal_to_a_fresh_rebuild()
    {
        const int seed = 1312;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory("kill-cabal");
        await (await Cabal.OpenAsync(dir.Path)).DisposeAsync(); // a cabal store: key file and the writer `local`
        await CrashHostIndexer.KillRoundsAsync("views-chat", dir.Path, rounds: 6, seed, random, async () =>
        {
            // New messages every round from four writers: text, emotes and topics in five channels with
            // clashing timestamps, nick changes, joins and leaves, moderation flags on each other.
            await using (var store = await FeedStore.OpenAsync(dir.Path, new FeedStoreOptions { ValueEncoding = CabalJsonEncoding.Instance }))
            {
                var writers = new List<Kappa.Hypercore.Feed>();
                foreach (var name in new[] { "local", "w1", "w2", "w3" }) writers.Add(await store.WriterAsync(name));
                foreach (var feed in writers)
                {
                    var blocks = new List<ReadOnlyMemory<byte>>();
                    for (var i = 0; i < 1500; i++) blocks.Add(Message(random, writers));
                    await feed.AppendRawBatchAsync(blocks);
                }
            }
        }, output.WriteLine);

        // The same views, rebuilt from nothing in memory over the same feeds.
        await using var freshMessages = new MemoryViewStore();
        await using var freshState = new MemoryViewStore();
        await using (var core = await KappaCore.OpenAsync(dir.Path, new KappaOptions { ValueEncoding = CabalJsonEncoding.Instance }))
        {
            core.Use("messages", 1, new ListView(freshMessages, CabalMaps.Messages));
            core.Use("state", 1, new CabalStateView(freshState));
            await core.ReadyAsync(["messages", "state"]).WaitAsync(Timeout);
        }
        foreach (var (name, fresh, minimum) in new[] { ("cabal-messages", freshMessages, 20_000), ("cabal-state", freshState, 30) })
        {
            await using var kept = RocksDbViewStore.Open(Path.Combine(dir.Path, ".kappa", "views", name));
            await ViewRows.AssertSameAsync(name, kept, fresh, minimum, seed);
        }
    }

    /// <summary>One message as cabal-core writes it; timestamps from a small range so writers clash.</summary>
    private static byte[] Message(Random random, List<Kappa.Hypercore.Feed> writers)
    {
        var channel = Channels[random.Next(Channels.Length)];
        double ts = 1_700_000_000_000 + random.Next(5000);
        var text = "m" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
        return random.Next(100) switch
        {
            < 75 => CabalMessages.Text(channel, text, ts),
            < 80 => CabalMessages.Emote(channel, text, ts),
            < 85 => CabalMessages.Topic(channel, "topic " + text, ts),
            < 90 => CabalMessages.About("nick" + random.Next(50).ToString(CultureInfo.InvariantCulture), ts),
            < 94 => CabalMessages.Join(channel, ts),
            < 97 => CabalMessages.Leave(channel, ts),
            _ => Encoding.UTF8.GetBytes(
                $$"""{"type":"flags/{{(random.Next(3) switch { 0 => "set", 1 => "add", _ => "remove" })}}","content":{"id":"{{writers[random.Next(writers.Count)].Key}}","channel":"{{(random.Next(2) == 0 ? "@" : channel)}}","flags":["{{(random.Next(2) == 0 ? "hide" : "mute")}}"]},"timestamp":{{ts.ToString(CultureInfo.InvariantCulture)}}}"""),
        };
    }
}

using Kappa.Views.KeyValue;

namespace Kappa.Views.Tests.KeyValue;

/// <summary>
/// A seeded multi-writer history for the key/value view: W writers each append rows to their own
/// log (ids "&lt;feed hex&gt;@&lt;seq&gt;"), about K keys, with forks (roots and stale parents), merges
/// (linking several heads), tombstones (a row linking every head), cross-key links and links to
/// versions that never arrive. Arrival is multifeed's: runs of one writer's log in seq order,
/// writers interleaved at random, so links often arrive before what they link.
/// </summary>
internal sealed class KvScenario
{
    private KvScenario(int seed, List<List<KvRow>> batches, List<string> keys)
    {
        Seed = seed;
        Batches = batches;
        Keys = keys;
    }

    public int Seed { get; }
    public List<List<KvRow>> Batches { get; }
    public List<string> Keys { get; }
    public IEnumerable<KvRow> Rows => Batches.SelectMany(b => b);

    /// <param name="jsSafe">
    /// Leave out what unordered-materialized-kv gets wrong (each has its own test): a cross-key
    /// link is kept only when it arrives before the version it links (the module removes a link
    /// only from the linking row's own key).
    /// </param>
    public static KvScenario Generate(int seed, int writers = 5, int keys = 300, int rows = 3000, int maxBatch = 25, bool jsSafe = true)
    {
        var random = new Random(seed);
        var feeds = Enumerable.Range(0, writers).Select(_ => Convert.ToHexStringLower(RandomBytes(random, 32))).ToArray();
        var logs = feeds.Select(_ => new List<KvRow>()).ToArray();
        var keyNames = Enumerable.Range(0, keys).Select(i => i % 7 == 0 ? $"doc/{i}" : $"k{i}").ToList();
        var ids = new Dictionary<string, List<string>>();
        var linked = new HashSet<string>();
        for (var n = 0; n < rows; n++)
        {
            var w = random.Next(writers);
            var key = keyNames[(int)(keys * Math.Pow(random.NextDouble(), 2))]; // skewed: some keys are busy
            var id = $"{feeds[w]}@{logs[w].Count}";
            var known = ids.TryGetValue(key, out var list) ? list : ids[key] = [];
            var heads = known.Where(x => !linked.Contains(x)).ToList();
            var links = new List<string>();
            var roll = random.NextDouble();
            if (roll < 0.10 || known.Count == 0) { } // a new root: a fork when the key has versions
            else if (roll < 0.60) links.AddRange(heads.Where(_ => random.NextDouble() < 0.7)); // update (some heads: fork stays)
            else if (roll < 0.75) links.AddRange(heads); // merge, or a tombstone linking every head
            else if (roll < 0.87) links.Add(known[random.Next(known.Count)]); // a stale parent: fork
            else if (roll < 0.95)
            {
                var other = keyNames[random.Next(keys)];
                if (ids.TryGetValue(other, out var o) && o.Count > 0) links.Add(o[random.Next(o.Count)]); // cross-key
            }
            else links.Add($"{feeds[random.Next(writers)]}@{1_000_000 + random.Next(1000)}"); // never arrives
            foreach (var l in links) linked.Add(l);
            known.Add(id);
            logs[w].Add(new KvRow(key, id, links));
        }
        var batches = Interleave(random, logs, maxBatch);
        if (jsSafe) DropLateCrossKeyLinks(batches);
        return new KvScenario(seed, batches, keyNames);
    }

    private static List<List<KvRow>> Interleave(Random random, List<KvRow>[] logs, int maxBatch)
    {
        var at = new int[logs.Length];
        var batches = new List<List<KvRow>>();
        while (true)
        {
            var open = Enumerable.Range(0, logs.Length).Where(w => at[w] < logs[w].Count).ToList();
            if (open.Count == 0) return batches;
            var w = open[random.Next(open.Count)];
            var size = Math.Min(1 + random.Next(maxBatch), logs[w].Count - at[w]);
            batches.Add(logs[w].GetRange(at[w], size));
            at[w] += size;
        }
    }

    private static void DropLateCrossKeyLinks(List<List<KvRow>> batches)
    {
        var arrival = new Dictionary<string, (int Batch, string Key)>();
        for (var b = 0; b < batches.Count; b++)
            foreach (var r in batches[b]) arrival[r.Id] = (b, r.Key);
        for (var b = 0; b < batches.Count; b++)
            for (var i = 0; i < batches[b].Count; i++)
            {
                var r = batches[b][i];
                var kept = (r.Links ?? []).Where(l => !arrival.TryGetValue(l, out var t) || t.Key == r.Key || t.Batch >= b).ToList();
                batches[b][i] = r with { Links = kept };
            }
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}

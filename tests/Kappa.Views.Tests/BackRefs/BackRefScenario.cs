using Kappa.Views.BackRefs;

namespace Kappa.Views.Tests.BackRefs;

/// <summary>
/// A seeded multi-writer history of documents that reference targets (ways and their nodes,
/// replies and their posts): W writers append versions (ids "&lt;feed hex&gt;@&lt;seq&gt;") of about
/// D documents, each version referencing a few of T targets — named ids, or other versions —
/// with forks (roots and stale parents), merges (linking several heads), tombstones (no refs,
/// linking every head), cross-document links and links to versions that never arrive. Arrival is
/// multifeed's: runs of one writer's log in seq order, writers interleaved at random, so links
/// often arrive before what they link.
/// </summary>
internal sealed class BackRefScenario
{
    private BackRefScenario(List<List<BackRefRow>> batches, List<string> targets)
    {
        Batches = batches;
        Targets = targets;
    }

    public List<List<BackRefRow>> Batches { get; }

    /// <summary>Every id some row references, plus a few no row references.</summary>
    public List<string> Targets { get; }

    public IEnumerable<BackRefRow> Rows => Batches.SelectMany(b => b);

    public static BackRefScenario Generate(int seed, int writers = 5, int documents = 200, int targets = 300, int rows = 3000, int maxBatch = 25)
    {
        var random = new Random(seed);
        var feeds = Enumerable.Range(0, writers).Select(_ => Convert.ToHexStringLower(RandomBytes(random, 32))).ToArray();
        var logs = feeds.Select(_ => new List<BackRefRow>()).ToArray();
        var named = Enumerable.Range(0, targets).Select(i => i % 5 == 0 ? $"node/{i}" : $"n{i}").ToList();
        var versions = new Dictionary<int, List<string>>();
        var allIds = new List<string>();
        var linked = new HashSet<string>();
        for (var n = 0; n < rows; n++)
        {
            var w = random.Next(writers);
            var doc = (int)(documents * Math.Pow(random.NextDouble(), 2)); // skewed: some documents are busy
            var id = $"{feeds[w]}@{logs[w].Count}";
            var known = versions.TryGetValue(doc, out var list) ? list : versions[doc] = [];
            var heads = known.Where(x => !linked.Contains(x)).ToList();
            var links = new List<string>();
            var refs = new List<string>();
            var roll = random.NextDouble();
            if (roll < 0.10 || known.Count == 0) { } // a new root: a fork when the document has versions
            else if (roll < 0.55) links.AddRange(heads.Where(_ => random.NextDouble() < 0.7)); // update (some heads: fork stays)
            else if (roll < 0.70) links.AddRange(heads); // merge
            else if (roll < 0.75) links.AddRange(known); // a tombstone (below: no refs)
            else if (roll < 0.87) links.Add(known[random.Next(known.Count)]); // a stale parent: fork
            else if (roll < 0.95 && allIds.Count > 0) links.Add(allIds[random.Next(allIds.Count)]); // another document's version
            else links.Add($"{feeds[random.Next(writers)]}@{1_000_000 + random.Next(1000)}"); // never arrives
            if (roll is < 0.70 or >= 0.75)
                for (var r = random.Next(5); r > 0; r--)
                    refs.Add(random.NextDouble() < 0.85 || allIds.Count == 0 ? named[(int)(targets * Math.Pow(random.NextDouble(), 1.5))] : allIds[random.Next(allIds.Count)]);
            foreach (var l in links) linked.Add(l);
            known.Add(id);
            allIds.Add(id);
            logs[w].Add(new BackRefRow(id, refs, links));
        }
        var batches = Interleave(random, logs, maxBatch);
        return new BackRefScenario(batches, [.. named, .. allIds.Where((_, i) => i % 10 == 0), "never/referenced"]);
    }

    private static List<List<BackRefRow>> Interleave(Random random, List<BackRefRow>[] logs, int maxBatch)
    {
        var at = new int[logs.Length];
        var batches = new List<List<BackRefRow>>();
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

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}

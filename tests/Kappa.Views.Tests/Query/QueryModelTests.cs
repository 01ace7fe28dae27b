using Kappa.Views.List;
using Kappa.Views.Query;
using Xunit.Abstractions;
using Q = Kappa.Views.Query.Query;

namespace Kappa.Views.Tests.Query;

/// <summary>Random entries and random queries: every plan the view picks must give what a plain in-memory model gives.</summary>
public class QueryModelTests(ITestOutputHelper output)
{
    private static readonly object Missing = new();
    private static readonly object?[] Pool = [0, 1, 2, 2.5, 10, -1, "", "a", "b", "10", false, true, null, Missing, Missing];

    [Theory]
    [InlineData(424242)]
    [InlineData(99)]
    public async Task Every_plan_returns_what_a_model_returns(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var f = await QueryFixture.OpenAsync(new QueryIndex("k", "k"), new QueryIndex("kt", "k", "t"), new QueryIndex("t", "t"), new QueryIndex("cht", "c.ch", "t"));
        var model = new List<(Dictionary<string, object?> Value, ListPosition Id)>();
        for (var w = 0; w < 2; w++)
        {
            var writer = await f.WriterAsync("w" + w);
            var values = Enumerable.Range(0, 150).Select(_ => RandomEntry(random)).ToList();
            await writer.AppendBatchAsync(values);
            model.AddRange(values.Select((v, i) => (v, new ListPosition(0, writer.Key, i))));
        }
        var plans = new HashSet<string>();
        for (var round = 0; round < 150; round++)
        {
            var query = RandomQuery(random);
            var plan = f.View.Explain(query);
            plans.Add(plan.Index?.Name ?? "full scan");
            var expected = Evaluate(model, query);
            var actual = (await f.RunAsync(query)).Select(e => (e.Feed, e.Seq)).ToList();
            if (query.Sort is null)
            {
                expected.Sort();
                actual.Sort();
            }
            Assert.True(expected.SequenceEqual(actual), $"round {round}: {query} via {plan}: expected {expected.Count}, got {actual.Count} (seed {seed})");
        }
        output.WriteLine($"plans used: {string.Join(", ", plans.Order())}");
        Assert.True(plans.Count >= 4, $"only {string.Join(", ", plans)} were exercised (seed {seed})");
    }

    private static Dictionary<string, object?> RandomEntry(Random random)
    {
        var entry = new Dictionary<string, object?>();
        void Maybe(string name, object? value)
        {
            if (!ReferenceEquals(value, Missing)) entry[name] = value;
        }
        Maybe("k", Pool[random.Next(Pool.Length)]);
        Maybe("t", Pool[random.Next(Pool.Length)]);
        switch (random.Next(3))
        {
            case 0: entry["c"] = 5; break; // an intermediate that is not an object
            case 1:
                var ch = Pool[random.Next(Pool.Length)];
                entry["c"] = ReferenceEquals(ch, Missing) ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["ch"] = ch };
                break;
        }
        return entry;
    }

    private static Q RandomQuery(Random random)
    {
        string[] paths = ["k", "t", "c.ch"];
        var query = new Q();
        var count = random.Next(0, 3);
        foreach (var path in paths.OrderBy(_ => random.Next()).Take(count))
        {
            if (random.Next(3) > 0)
            {
                var value = Pool[random.Next(Pool.Length)];
                if (ReferenceEquals(value, Missing)) value = "a";
                query = query.And(path, ToSort(value));
            }
            else if (random.Next(2) == 0) query = query.Range(path, atLeast: random.Next(-1, 3), lessThan: random.Next(2, 12));
            else query = query.Range(path, greaterThan: "", atMost: "b");
        }
        var sort = random.Next(3) switch { 0 => null, 1 => "t", _ => "k" };
        if (sort is not null) query = query.OrderBy(sort, reverse: random.Next(2) == 0) with { Limit = random.Next(3) == 0 ? null : random.Next(1, 12) };
        return query;
    }

    /// <summary>The model: typed scalar comparison written out plainly.</summary>
    private static List<(Kappa.Hypercore.Crypto.FeedKey, long)> Evaluate(List<(Dictionary<string, object?> Value, ListPosition Id)> entries, Q query)
    {
        var hits = new List<(SortValue Sort, ListPosition Id)>();
        foreach (var (value, id) in entries)
        {
            if (!query.Conditions.All(c => Get(value, c.Path.Text, out var v) && Holds(c, v))) continue;
            var sort = SortValue.Null;
            if (query.Sort is not null && !Get(value, query.Sort, out sort)) continue;
            hits.Add((sort, id));
        }
        var ordered = hits.OrderBy(h => h.Sort).ThenBy(h => h.Id.Feed).ThenBy(h => h.Id.Seq).Select(h => (h.Id.Feed, h.Id.Seq)).ToList();
        if (query.Reverse) ordered.Reverse();
        return [.. ordered.Take(query.Limit ?? int.MaxValue)];
    }

    private static bool Holds(QueryCondition c, SortValue v)
    {
        if (c.Equal is { } eq) return v == eq;
        bool SameKind(SortValue? bound) => bound is not { } b || Rank(b.Kind) == Rank(v.Kind);
        if (!SameKind(c.GreaterThan) || !SameKind(c.AtLeast) || !SameKind(c.LessThan) || !SameKind(c.AtMost)) return false;
        return (c.GreaterThan is not { } gt || v > gt) && (c.AtLeast is not { } ge || v >= ge) && (c.LessThan is not { } lt || v < lt) && (c.AtMost is not { } le || v <= le);
    }

    private static int Rank(SortKind kind) => kind switch { SortKind.Null => 0, SortKind.False or SortKind.True => 1, SortKind.Number => 2, _ => 3 };

    private static bool Get(Dictionary<string, object?> entry, string path, out SortValue value)
    {
        value = default;
        object? current = entry;
        foreach (var segment in path.Split('.'))
        {
            if (current is not Dictionary<string, object?> obj || !obj.TryGetValue(segment, out current)) return false;
        }
        if (current is Dictionary<string, object?>) return false;
        value = ToSort(current);
        return true;
    }

    private static SortValue ToSort(object? value) => value switch
    {
        null => SortValue.Null,
        bool b => SortValue.Boolean(b),
        string s => SortValue.FromString(s),
        int i => SortValue.FromNumber(i),
        double d => SortValue.FromNumber(d),
        _ => throw new ArgumentException("not in the pool", nameof(value)),
    };
}

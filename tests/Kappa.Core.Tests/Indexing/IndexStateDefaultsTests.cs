using Kappa.Core.Indexing;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Indexing;

public class IndexStateDefaultsTests
{
    [Fact]
    public void Twenty_five_entries_at_the_kappa_core_default_split_into_ten_ten_five()
    {
        var facts = Vectors.Load("indexing.json").GetProperty("defaultMaxBatch");
        var sizes = new List<int>();
        for (long at = 0, end; (end = IndexStateDefaults.BatchEnd(at, facts.Num("entries"), IndexStateDefaults.KappaCoreMaxBatch)) > at; at = end)
            sizes.Add((int)(end - at));

        Assert.Equal(facts.GetProperty("batchSizes").EnumerateArray().Select(e => e.GetInt32()), sizes);
    }

    [Fact]
    public void Kappa_view_forces_a_max_batch_of_one_hundred()
    {
        var view = Vectors.Load("indexing.json").GetProperty("kappaView");
        Assert.Equal(IndexStateDefaults.KappaViewMaxBatch, view.Num("maxBatchForced"));
    }

    [Fact]
    public void The_two_feed_run_batches_follow_the_batch_end_rule_with_max_batch_three()
    {
        var calls = Vectors.Load("indexing.json").GetProperty("twoFeedsMaxBatch3").GetProperty("calls");
        var lengths = new Dictionary<string, long>
        {
            ["5b43a3cdcf358a95b747c5b7c8b3cd845daf32c4cd4b3336c825468123df11e9"] = 7,
            ["46756be349df3959f29250c1b63f3077e335b58db9294cafe38cba0442a0696c"] = 4,
        };
        foreach (var map in calls.EnumerateArray().Where(c => c.Str("call") == "map"))
        {
            var entries = map.GetProperty("entries");
            var key = entries[0].Str("key");
            var at = entries[0].Num("seq");
            // The final Y batch ran after Y's 5th append.
            var length = at >= lengths[key] ? at + 1 : lengths[key];
            Assert.Equal(IndexStateDefaults.BatchEnd(at, length, 3) - at, entries.GetArrayLength());
        }
    }

    [Fact]
    public void A_state_without_a_version_reads_as_the_default_version()
    {
        Assert.Equal(IndexStateDefaults.Version, IndexState.Decode(new byte[4]).Version);
    }
}

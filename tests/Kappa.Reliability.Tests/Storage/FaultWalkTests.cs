using Kappa.Hypercore;
using Kappa.Hypercore.Storage;
using Kappa.Multifeed.Store;
using Kappa.TestSupport.Faults;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Storage;

/// <summary>
/// Fail the Nth read / write / flush of a store, for N = 1, 2, … until the scenario runs through
/// without the fault firing. After every fault: the error is typed, the store reopens on the real
/// storage, every acknowledged entry is there and everything verifies.
/// </summary>
public class FaultWalkTests(ITestOutputHelper output)
{
    public static TheoryData<FaultOperation, FaultMode> Plans() => new()
    {
        { FaultOperation.Write, FaultMode.Transient },
        { FaultOperation.Write, FaultMode.Permanent },
        { FaultOperation.Write, FaultMode.DiskFull },
        { FaultOperation.Read, FaultMode.Transient },
        { FaultOperation.Read, FaultMode.Permanent },
        { FaultOperation.Flush, FaultMode.Transient },
        { FaultOperation.Flush, FaultMode.Permanent },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task Every_fault_is_typed_and_loses_no_acknowledged_entry(FaultOperation operation, FaultMode mode)
    {
        var faults = 0;
        for (long n = 1; ; n++)
        {
            var inner = new RamStoreStorage();
            var plan = new FaultPlan(operation, n, mode);
            var acked = await RunScenarioAsync(new FaultInjectingStoreStorage(inner, plan), mode, output);
            plan.Disarmed = true;
            await using (var reopened = await FeedStore.OpenAsync(inner))
            {
                foreach (var (name, values) in acked)
                {
                    // A writer whose creation failed may not exist; one with acknowledged entries must.
                    if (values.Count == 0) continue;
                    var feed = reopened.NamedFeeds.Single(f => f.Name == name).Feed;
                    Assert.True(feed.Length >= values.Count, $"N={n}: {name} has {feed.Length} < {values.Count} acknowledged");
                    for (var i = 0; i < values.Count; i++) Assert.Equal(values[i], await feed.GetAsync<int>(i));
                    var report = await feed.VerifyAsync();
                    Assert.True(report.IsValid, $"N={n}: {string.Join("; ", report.Problems)}");
                }
            }
            if (!plan.Fired)
            {
                output.WriteLine($"{operation}/{mode}: walked N = 1..{n - 1}, {faults} faults fired; run {n} completed clean after {plan.Seen} operations");
                Assert.True(faults > 0);
                return;
            }
            faults++;
        }
    }

    /// <summary>Two writers appending singles and batches, then a full read back; returns what was acknowledged.</summary>
    private static async Task<Dictionary<string, List<int>>> RunScenarioAsync(IStoreStorage storage, FaultMode mode, ITestOutputHelper output)
    {
        var retry = mode == FaultMode.Transient;
        var acked = new Dictionary<string, List<int>> { ["a"] = [], ["b"] = [] };
        FeedStore? store = null;
        try
        {
            store = await FeedStore.OpenAsync(storage, new FeedStoreOptions { Durability = FeedDurability.Fsync });
            var a = await Retry(() => store.WriterAsync("a").AsTask(), retry);
            var b = await Retry(() => store.WriterAsync("b").AsTask(), retry);
            for (var i = 0; i < 8; i++)
            {
                await Retry(async () => await a.AppendAsync(i), retry);
                acked["a"].Add(i);
                var batch = new[] { 100 + 3 * i, 101 + 3 * i, 102 + 3 * i };
                await Retry(async () => await b.AppendBatchAsync(batch), retry);
                acked["b"].AddRange(batch);
            }
            foreach (var feed in store.Feeds)
                await Retry(async () => { await foreach (var _ in feed.ReadRawAsync()) { } return 0; }, retry);
        }
        catch (KappaException e)
        {
            // A fault that a transient retry cannot get past (or a permanent one) ends the scenario, typed.
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.True(e is StorageException || e.InnerException is StorageException || e.Code.StartsWith("KAPPA_", StringComparison.Ordinal), e.ToString());
            if (mode == FaultMode.DiskFull)
            {
                // A full disk is named as such, so an app can tell its user what to do.
                var full = e as StorageException ?? e.InnerException as StorageException;
                Assert.True(full is not null, e.ToString());
                Assert.Equal(StorageException.DiskFullCode, full.Code);
                Assert.Contains("Disk full", full.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            if (store is not null)
            {
                try { await store.DisposeAsync(); }
                catch (KappaException) { }
            }
        }
        return acked;
    }

    /// <summary>After a transient fault, the same object must work when called again.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> action, bool retry)
    {
        try { return await action(); }
        catch (KappaException) when (retry) { return await action(); }
    }
}

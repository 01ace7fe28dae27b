using CsCheck;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Multifeed.Store;
using Kappa.TestSupport.Faults;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Model;

/// <summary>Random sequences of store operations, checked step by step against a simple model (feeds as lists, the sum as a number).</summary>
public class StoreModelTests(ITestOutputHelper output)
{
    private enum Kind { Append, Reopen, Crash, PauseResume, VersionBump }

    private sealed record Op(Kind Kind, int Writer, int Count, int Seed)
    {
        public override string ToString() => Kind switch
        {
            Kind.Append => $"append w{Writer} x{Count}",
            Kind.Crash => $"crash({Seed})",
            _ => Kind.ToString(),
        };
    }

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (10, Gen.Select(Gen.Int[0, 2], Gen.Int[1, 6], (w, n) => new Op(Kind.Append, w, n, 0))),
        (2, Gen.Const(new Op(Kind.Reopen, 0, 0, 0))),
        (2, Gen.Int[0, 1_000_000].Select(s => new Op(Kind.Crash, 0, 0, s))),
        (1, Gen.Const(new Op(Kind.PauseResume, 0, 0, 0))),
        (1, Gen.Const(new Op(Kind.VersionBump, 0, 0, 0))));

    [Fact]
    public async Task Random_operation_sequences_match_the_model()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("KAPPA_LONG_SEEDS"), out var n) ? n : 60;
        await OpGen.Array[1, 40].SampleAsync(RunAsync, iter: iterations, threads: 1, print: ops => string.Join(", ", ops), writeLine: output.WriteLine);
        output.WriteLine($"{iterations} random sequences of up to 40 operations");
    }

    private static async Task RunAsync(Op[] ops)
    {
        var disk = new PowerLossStore();
        var viewStore = new MemoryViewStore(); // outlives reopen and crash, as a persistent view store would
        var version = 1;
        var model = new List<int>[] { [], [], [] };
        var next = 0;
        var (core, sum) = await OpenAsync(disk, viewStore, version);
        try
        {
            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case Kind.Append:
                        var feed = await core.WriterAsync("w" + op.Writer);
                        var values = Enumerable.Range(next, op.Count).ToArray();
                        next += op.Count;
                        if (op.Count == 1) await feed.AppendAsync(values[0]);
                        else await feed.AppendBatchAsync(values);
                        model[op.Writer].AddRange(values);
                        break;
                    case Kind.Reopen:
                    case Kind.Crash:
                    case Kind.VersionBump:
                        await core.DisposeAsync();
                        if (op.Kind == Kind.Crash) disk.Crash(op.Seed);
                        if (op.Kind == Kind.VersionBump) version++;
                        (core, sum) = await OpenAsync(disk, viewStore, version);
                        break;
                    case Kind.PauseResume:
                        await core.PauseAsync(["sum"]);
                        core.Resume(["sum"]);
                        break;
                }
                await CheckAsync(core, sum, model);
            }
        }
        finally { await core.DisposeAsync(); }
    }

    private static async Task<(KappaCore, SumView)> OpenAsync(PowerLossStore disk, IViewStore views, int version)
    {
        var store = await FeedStore.OpenAsync(disk, new FeedStoreOptions { Durability = FeedDurability.Fsync });
        var core = KappaCore.Create(store);
        return (core, core.Use("sum", version, new SumView(views)));
    }

    private static async Task CheckAsync(KappaCore core, SumView sum, List<int>[] model)
    {
        for (var w = 0; w < model.Length; w++)
        {
            var feed = core.Store.NamedFeeds.FirstOrDefault(f => f.Name == "w" + w).Feed;
            if (model[w].Count == 0) continue;
            Assert.NotNull(feed);
            Assert.Equal(model[w].Count, feed.Length);
            var stored = new List<int>();
            await foreach (var e in feed.ReadAsync<int>()) stored.Add(e.Value);
            Assert.Equal(model[w], stored);
        }
        Assert.Equal(model.Sum(m => m.Sum(v => (double)v)), await sum.GetAsync().WaitAsync(TimeSpan.FromSeconds(30)));
    }
}

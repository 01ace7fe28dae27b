using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.Core.Tests.Views;

/// <summary>
/// The seed's sum, as a view whose commits overlap its next map (<see cref="IOverlappedProgress"/>):
/// each map reads the running sum, so it is the strictest case of "the next map reads after the
/// pending write". SumView itself commits in line: its write is one small record, and handing it
/// to another thread made indexing slower (Kappa.Bench index).
/// </summary>
internal sealed class OverlappedSumView(IViewStore store, int maxBatch = 100) : KappaView(store, maxBatch), IView<OverlappedSumView>
{
    private KappaCore? _core;
    private string _name = "";

    internal override bool OverlapsCommit => true;

    public async Task<double> GetAsync(CancellationToken ct = default)
    {
        if (_core is not null) await _core.ReadyAsync([_name], ct);
        return SumView.Decode(await Data.GetAsync(SumView.SumKey, ct)).Sum;
    }

    public async Task<long> CountAsync(CancellationToken ct = default) => SumView.Decode(await Data.GetAsync(SumView.SumKey, ct)).Count;

    OverlappedSumView IView<OverlappedSumView>.CreateApi(KappaCore core, string name)
    {
        _core = core;
        _name = name;
        return this;
    }

    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        var current = await tx.GetAsync(SumView.SumKey, ct);
        tx.Put(SumView.SumKey, SumView.Add(current, entries));
    }
}

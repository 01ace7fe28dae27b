using Kappa.Core.Views;

namespace Kappa.Views;

/// <summary>
/// A view's progress (KappaView's own: each batch's data and progress in one write) committed and
/// cleared under a gate that live reads take too. A reader that registers or scans inside
/// <see cref="Gate"/> sees each committed batch exactly once — in its snapshot or through
/// <c>committed</c>, which runs inside the gate right after the write — and never an uncommitted one.
/// With <c>sealing</c>, a view's commits may run while its next batch is mapped
/// (<see cref="IOverlappedProgress"/>): <c>sealing</c> takes what the batch publishes when it is
/// sealed, so the publishing, which runs on the writing thread, shares nothing with the next map.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The gate is a SemaphoreSlim whose wait handle is never created; it holds nothing to release.")]
internal sealed class GatedProgress(
    KappaView inner,
    Func<CancellationToken, ValueTask>? committed = null,
    Action? clearing = null,
    Action? cleared = null,
    Func<Func<CancellationToken, ValueTask>>? sealing = null) : IViewProgress, IOverlappedProgress
{
    private IViewProgress Inner => inner;

    /// <summary>Taken around every commit and clear; take it to read a snapshot between two commits.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public bool Overlaps => sealing is not null;

    public ValueTask<byte[]?> FetchAsync(CancellationToken ct) => Inner.FetchAsync(ct);

    public async ValueTask StoreAsync(ReadOnlyMemory<byte> state, CancellationToken ct)
    {
        if (sealing is not null)
        {
            await Seal(state)(ct).ConfigureAwait(false);
            return;
        }
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Inner.StoreAsync(state, ct).ConfigureAwait(false);
            if (committed is not null) await committed(ct).ConfigureAwait(false);
        }
        finally { Gate.Release(); }
    }

    public Func<CancellationToken, Task> Seal(ReadOnlyMemory<byte> state)
    {
        var write = inner.Seal(state);
        var publish = sealing?.Invoke() ?? committed;
        return async ct =>
        {
            await Gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await write(ct).ConfigureAwait(false);
                if (publish is not null) await publish(ct).ConfigureAwait(false);
            }
            finally { Gate.Release(); }
        };
    }

    public async ValueTask ClearAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            clearing?.Invoke();
            await Inner.ClearAsync(ct).ConfigureAwait(false);
            cleared?.Invoke();
        }
        finally { Gate.Release(); }
    }
}

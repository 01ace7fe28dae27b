using Kappa.Core.Views;

namespace Kappa.Views;

/// <summary>
/// A view's progress (KappaView's own: each batch's data and progress in one write) committed and
/// cleared under a gate that live reads take too. A reader that registers or scans inside
/// <see cref="Gate"/> sees each committed batch exactly once — in its snapshot or through
/// <c>committed</c>, which runs inside the gate right after the write — and never an uncommitted one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The gate is a SemaphoreSlim whose wait handle is never created; it holds nothing to release.")]
internal sealed class GatedProgress(
    IViewProgress inner,
    Func<CancellationToken, ValueTask>? committed = null,
    Action? clearing = null,
    Action? cleared = null) : IViewProgress
{
    /// <summary>Taken around every commit and clear; take it to read a snapshot between two commits.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public ValueTask<byte[]?> FetchAsync(CancellationToken ct) => inner.FetchAsync(ct);

    public async ValueTask StoreAsync(ReadOnlyMemory<byte> state, CancellationToken ct)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await inner.StoreAsync(state, ct).ConfigureAwait(false);
            if (committed is not null) await committed(ct).ConfigureAwait(false);
        }
        finally { Gate.Release(); }
    }

    public async ValueTask ClearAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            clearing?.Invoke();
            await inner.ClearAsync(ct).ConfigureAwait(false);
            cleared?.Invoke();
        }
        finally { Gate.Release(); }
    }
}

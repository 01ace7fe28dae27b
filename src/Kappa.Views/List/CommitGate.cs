using Kappa.Core.Stores;

namespace Kappa.Views.List;

/// <summary>
/// Wraps a list's view store so the list learns when a batch is committed: <see cref="Kappa.Core.Views.KappaView"/>
/// commits each batch (data and progress) with one <see cref="WriteAsync"/>, and the list
/// publishes that batch to its live tails inside the same critical section. A tail that starts
/// takes the same gate while it registers and opens its history snapshot, so every entry reaches
/// it exactly once: in the snapshot, or as a live change, never both, never neither.
/// </summary>
internal sealed class CommitGate(IViewStore inner) : IViewStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Called after each successful commit, inside the gate.</summary>
    public Action? Committed { get; set; }

    public async ValueTask<T> WithGateAsync<T>(Func<ValueTask<T>> action, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try { return await action().ConfigureAwait(false); }
        finally { _gate.Release(); }
    }

    public async ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(batch, ct).ConfigureAwait(false);
            Committed?.Invoke();
        }
        finally { _gate.Release(); }
    }

    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.GetAsync(key, ct);

    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default) => inner.PutAsync(key, value, ct);

    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);

    public IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, CancellationToken ct = default) => inner.ScanAsync(range, ct);

    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default) => inner.DeleteRangeAsync(range, ct);

    public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => inner.WithPrefix(prefix);

    /// <summary>The list does not own the store.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

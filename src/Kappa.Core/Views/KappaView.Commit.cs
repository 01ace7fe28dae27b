using System.Text;
using Kappa.Core.Stores;

namespace Kappa.Core.Views;

// The commit of a mapped batch, which may run while the next batch is mapped (IOverlappedProgress).
// A batch mapped while an earlier write was in flight read the store after that write (MapData), so
// it is right only if that write landed: its own write refuses to run otherwise. Whatever a view
// keeps in memory from a batch that never lands is reported to it (OnBatchLost) before its next map.
public abstract partial class KappaView : IOverlappedProgress
{
    // Completes (never faults) when the last sealed batch's write ended: true = landed, false = failed.
    private Task<bool> _landed = Task.FromResult(true);

    /// <summary>The view's data as its map must read it: after the previous batch's write when that one is still in flight.</summary>
    internal IViewStore MapData { get; }

    /// <summary>Whether the indexer may map the next batch while this one is written (the map keeps no state a commit callback also touches).</summary>
    internal virtual bool OverlapsCommit => false;

    // Not over the in-memory store: its write is a few dictionary sets, cheaper than the hand-off.
    bool IOverlappedProgress.Overlaps => OverlapsCommit && _store is not MemoryViewStore;

    /// <summary>A batch this view mapped will never land (its write failed, or it was never sealed); called before the next map, possibly from the writing thread.</summary>
    internal virtual void OnBatchLost() { }

    /// <summary>The progress stored with the view's data, read after the write in flight (if any) ended; null when none.</summary>
    internal async ValueTask<Indexing.IndexProgress?> StoredProgressAsync(CancellationToken ct)
    {
        await _landed.ConfigureAwait(false);
        var bytes = await ((IViewProgress)this).FetchAsync(ct).ConfigureAwait(false);
        return bytes is null ? null : Indexing.IndexProgress.Decode(bytes, out _);
    }

    internal Func<CancellationToken, Task> Seal(ReadOnlyMemory<byte> state)
    {
        var tx = _current;
        _current = null;
        var batch = new ViewStoreBatch();
        if (tx is not null)
            foreach (var (key, value) in tx.Pending.Operations)
            {
                var full = Concat(DataPrefix, key);
                if (value is null) batch.DeleteOwned(full); // the staged arrays are this batch's own: no second copy
                else batch.PutOwned(full, value);
            }
        batch.Put(StateKey, Encoding.ASCII.GetBytes(Convert.ToBase64String(state.Span)));
        var after = tx?.After;
        var generation = _generation;
        var landed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _landed = landed.Task;
        return async ct =>
        {
            var ok = false;
            try
            {
                if (after is not null && !await after.ConfigureAwait(false))
                    throw new InvalidOperationException("A batch mapped while an earlier write was in flight commits only after that write landed, and it failed.");
                // One atomic write: data and progress together (and only into the store generation the progress came from).
                if (_root is not null) await StoreGeneration.CommitAsync(_root, generation, () => _store.WriteAsync(batch, ct)).ConfigureAwait(false);
                else await _store.WriteAsync(batch, ct).ConfigureAwait(false);
                ok = true;
            }
            finally
            {
                if (!ok) OnBatchLost();
                landed.SetResult(ok);
            }
        };
    }

    Func<CancellationToken, Task> IOverlappedProgress.Seal(ReadOnlyMemory<byte> state) => Seal(state);
}

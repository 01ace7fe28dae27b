namespace Kappa.Core.Views;

/// <summary>
/// A view progress whose commit may run while the indexer maps the next batch (measured on the
/// key/value view: RocksDB's write of a batch was 43 % of the indexing thread, and the indexer
/// awaited it before mapping the next, so one of two cores idled). The indexer seals a mapped
/// batch with its progress, runs the returned write on another thread, maps the next batch, and
/// awaits the write before it seals that one: one write in flight at most, in order, and a failed
/// write faults the view before anything after it is sealed.
/// </summary>
internal interface IOverlappedProgress
{
    /// <summary>Whether the view's map is safe to run beside its previous batch's write (reads see that batch).</summary>
    bool Overlaps { get; }

    /// <summary>
    /// Takes the batch just mapped together with <paramref name="state"/> (synchronously, on the
    /// indexer's task, before the next map starts) and returns its one atomic write, to be run once.
    /// </summary>
    Func<CancellationToken, Task> Seal(ReadOnlyMemory<byte> state);
}

using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Kappa.Views.List;

public sealed partial class ListView
{
    private readonly Lock _tailsGate = new();
    private readonly List<Tail> _tails = [];

    /// <summary>
    /// A live tail: the entries <paramref name="query"/> selects now (<see cref="ListChangeKind.History"/>,
    /// in the query's order and limit), then <see cref="ListChangeKind.Synced"/>, then every entry
    /// indexed later that falls within the query's partition, bounds and filter
    /// (<see cref="ListChangeKind.Added"/>) — including entries that belong in the past (replicated
    /// late): insert each at its <see cref="ListEntry.Position"/>. Every entry arrives exactly once.
    /// Added entries come per committed batch, each batch in list order. Ends only when cancelled.
    /// </summary>
    /// <remarks>New entries are buffered for a slow reader without bound; cancel a tail you no longer read.</remarks>
    public async IAsyncEnumerable<ListChange> TailAsync(ListQuery? query = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        query ??= new ListQuery();
        await WaitAsync(ct).ConfigureAwait(false);
        var tail = new Tail(query);
        // Register and open the history snapshot between two commits (see CommitGate).
        var history = ReadCoreAsync(query, ct).GetAsyncEnumerator(ct);
        var more = await _gate.WithGateAsync(async () =>
        {
            lock (_tailsGate) _tails.Add(tail);
            return await history.MoveNextAsync().ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        try
        {
            while (more)
            {
                yield return new ListChange(ListChangeKind.History, history.Current);
                more = await history.MoveNextAsync().ConfigureAwait(false);
            }
            await history.DisposeAsync().ConfigureAwait(false);
            yield return new ListChange(ListChangeKind.Synced, null);
            await foreach (var entry in tail.Added.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return new ListChange(ListChangeKind.Added, entry);
        }
        finally
        {
            lock (_tailsGate) _tails.Remove(tail);
            await history.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Called inside the commit gate right after a batch's data and progress were written.</summary>
    private void Publish()
    {
        var staged = _staged;
        _staged = null;
        if (staged is not { } batch || batch.Keys.Count == 0) return;
        Tail[] tails;
        lock (_tailsGate) tails = [.. _tails];
        if (tails.Length == 0) return;
        var added = batch.Keys
            .Select(k => new ListEntry(k.Key.Partition, new ListPosition(k.Key.Sort, batch.Entries[k.Index].Key, batch.Entries[k.Index].Seq), batch.Entries[k.Index].Data, _encoding))
            .OrderBy(e => e.Position)
            .ToList();
        foreach (var tail in tails)
            foreach (var entry in added)
                if (tail.Accepts(entry)) tail.Added.Writer.TryWrite(entry);
    }

    private sealed class Tail(ListQuery query)
    {
        public Channel<ListEntry> Added { get; } = Channel.CreateUnbounded<ListEntry>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public bool Accepts(ListEntry entry) =>
            entry.Partition == query.Partition && query.Contains(entry.Position) && (query.Where is not { } where || where(entry));
    }
}

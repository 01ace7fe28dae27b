using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Kappa.Views.List;

namespace Kappa.Views.Query;

public sealed partial class QueryView
{
    private readonly Lock _liveGate = new();
    private readonly List<Live> _live = [];

    /// <summary>
    /// A live query: the results of <paramref name="query"/> now (<see cref="QueryChangeKind.Old"/>,
    /// in its order and limit), then <see cref="QueryChangeKind.Synced"/>, then every entry indexed
    /// later that matches (<see cref="QueryChangeKind.New"/>; per committed batch, each batch in
    /// the query's order). Every entry arrives exactly once. Ends only when cancelled.
    /// </summary>
    /// <remarks>New results are buffered for a slow reader without bound; cancel a query you no longer read.</remarks>
    public async IAsyncEnumerable<QueryChange> LiveAsync(Query query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var plan = Explain(query);
        await WaitAsync(ct).ConfigureAwait(false);
        var live = new Live(query);
        var old = ReadCoreAsync(query, plan, ct).GetAsyncEnumerator(ct);
        // Register and open the snapshot between two commits (see CommitGate): nothing missed, nothing twice.
        var more = await _gate.WithGateAsync(async () =>
        {
            lock (_liveGate) _live.Add(live);
            return await old.MoveNextAsync().ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        try
        {
            while (more)
            {
                yield return new QueryChange(QueryChangeKind.Old, old.Current);
                more = await old.MoveNextAsync().ConfigureAwait(false);
            }
            yield return new QueryChange(QueryChangeKind.Synced, null);
            await foreach (var entry in live.Added.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return new QueryChange(QueryChangeKind.New, entry);
        }
        finally
        {
            lock (_liveGate) _live.Remove(live);
            await old.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Called inside the commit gate right after a batch's data and progress were written.</summary>
    private void Publish()
    {
        var staged = _staged;
        _staged = null;
        if (staged is null) return;
        Live[] live;
        lock (_liveGate) live = [.. _live];
        if (live.Length == 0) return;
        foreach (var query in live)
        {
            var matched = new List<(SortValue Sort, QueryEntry Entry)>();
            foreach (var e in staged)
            {
                var entry = new QueryEntry(e.Key, e.Seq, e.Data, _encoding);
                if (query.Accepts(entry, out var sort)) matched.Add((sort, entry));
            }
            matched.Sort((x, y) => Compare(x.Sort, x.Entry, y.Sort, y.Entry));
            if (query.Query.Reverse) matched.Reverse();
            foreach (var (_, entry) in matched) query.Added.Writer.TryWrite(entry);
        }
    }

    private sealed class Live(Query query)
    {
        private readonly JsonPath? _sort = query.Sort is null ? null : JsonPath.Parse(query.Sort);

        public Query Query => query;

        public Channel<QueryEntry> Added { get; } = Channel.CreateUnbounded<QueryEntry>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public bool Accepts(QueryEntry entry, out SortValue sort)
        {
            sort = default;
            if (!ListMaps.TryParse(entry.Data, out var doc)) return false;
            using (doc)
            {
                foreach (var c in query.Conditions)
                    if (!c.Matches(doc.RootElement)) return false;
                return _sort is null || (_sort.TryGet(doc.RootElement, out var found) && SortValue.TryFromJson(found, out sort));
            }
        }
    }
}

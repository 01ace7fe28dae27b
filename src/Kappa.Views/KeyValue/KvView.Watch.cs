using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Kappa.Core.Views;

namespace Kappa.Views.KeyValue;

// Live subscriptions. A batch's changes are published right after its atomic commit, while a
// gate is held that subscribers also take to read their starting heads: a subscriber sees each
// committed change exactly once, after its snapshot, and never a change that was not committed.
public sealed partial class KvView
{
    private readonly SemaphoreSlim _commitGate = new(1, 1);
    private readonly Lock _subscribersGate = new();
    private readonly Dictionary<string, List<ChannelWriter<KvChange>>> _byKey = new(StringComparer.Ordinal);
    private readonly List<ChannelWriter<KvChange>> _all = [];

    /// <summary>
    /// The heads of <paramref name="key"/> now, then the new heads after every committed batch
    /// that changed them (none when a batch left them as they were). Runs until cancelled.
    /// </summary>
    public async IAsyncEnumerable<KvChange> WatchAsync(string key, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var channel = Channel.CreateUnbounded<KvChange>(new UnboundedChannelOptions { SingleReader = true });
        KvChange first;
        await _commitGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            first = new KvChange(key, await ReadHeadsAsync(key, ct).ConfigureAwait(false));
            lock (_subscribersGate)
            {
                if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
                list.Add(channel.Writer);
            }
        }
        finally { _commitGate.Release(); }
        try
        {
            yield return first;
            await foreach (var change in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return change;
        }
        finally
        {
            lock (_subscribersGate)
                if (_byKey.TryGetValue(key, out var list) && list.Remove(channel.Writer) && list.Count == 0) _byKey.Remove(key);
        }
    }

    /// <summary>
    /// Every key's current heads (in key order), then one change per key every committed batch
    /// changed, for every key a row touched. Runs until cancelled.
    /// </summary>
    public async IAsyncEnumerable<KvChange> WatchAllAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateUnbounded<KvChange>(new UnboundedChannelOptions { SingleReader = true });
        List<KvChange> current;
        await _commitGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            current = await ScanAsync(null, null, ct).ToListAsync(ct).ConfigureAwait(false);
            lock (_subscribersGate) _all.Add(channel.Writer);
        }
        finally { _commitGate.Release(); }
        try
        {
            foreach (var change in current) yield return change;
            await foreach (var change in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false)) yield return change;
        }
        finally
        {
            lock (_subscribersGate) _all.Remove(channel.Writer);
        }
    }

    private void Publish()
    {
        var staged = _staged;
        _staged = [];
        foreach (var (key, heads) in staged) RememberCommitted(key, heads); // committed now
        if (staged.Count == 0) return;
        lock (_subscribersGate)
        {
            if (_all.Count == 0 && _byKey.Count == 0) return;
            foreach (var (key, heads) in staged)
            {
                var hasKey = _byKey.TryGetValue(key, out var keyed);
                if (!hasKey && _all.Count == 0) continue;
                var change = new KvChange(key, Decode(heads));
                if (keyed is not null) foreach (var w in keyed) w.TryWrite(change);
                foreach (var w in _all) w.TryWrite(change);
            }
        }
    }

    /// <summary>KappaView's progress, with the publication of each batch's changes right after its commit.</summary>
    private sealed class CommitHook(KvView view) : IViewProgress
    {
        private readonly IViewProgress _inner = view; // KappaView's own implementation: data and progress in one write

        public ValueTask<byte[]?> FetchAsync(CancellationToken ct) => _inner.FetchAsync(ct);

        public async ValueTask StoreAsync(ReadOnlyMemory<byte> state, CancellationToken ct)
        {
            await view._commitGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await _inner.StoreAsync(state, ct).ConfigureAwait(false);
                view.Publish();
            }
            finally { view._commitGate.Release(); }
        }

        public async ValueTask ClearAsync(CancellationToken ct)
        {
            await view._commitGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                view._staged = [];
                view._committedHeads.Clear();
                await _inner.ClearAsync(ct).ConfigureAwait(false);
                view._filters.Reset();
            }
            finally { view._commitGate.Release(); }
        }
    }
}

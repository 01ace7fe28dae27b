using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Kappa.Core.Views;

namespace Kappa.Views.KeyValue;

// Live subscriptions. A batch's changes are published right after its atomic commit, while a
// gate is held that subscribers also take to read their starting heads: a subscriber sees each
// committed change exactly once, after its snapshot, and never a change that was not committed.
public sealed partial class KvView
{
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
        await _hook.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            first = new KvChange(key, await ReadHeadsAsync(key, ct).ConfigureAwait(false));
            lock (_subscribersGate)
            {
                if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
                list.Add(channel.Writer);
            }
        }
        finally { _hook.Gate.Release(); }
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
        await _hook.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            current = await ScanAsync(null, null, ct).ToListAsync(ct).ConfigureAwait(false);
            lock (_subscribersGate) _all.Add(channel.Writer);
        }
        finally { _hook.Gate.Release(); }
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

    /// <summary>Takes the sealed batch's changes: they are published inside the gate right after its commit (see <see cref="GatedProgress"/>), on the writing thread, while the next batch is mapped.</summary>
    private Func<CancellationToken, ValueTask> Sealing()
    {
        var staged = _staged;
        _staged = [];
        return _ => Publish(staged);
    }

    private ValueTask Publish(List<(string Key, byte[]? Heads)> staged)
    {
        if (staged.Count == 0) return ValueTask.CompletedTask;
        lock (_subscribersGate)
        {
            if (_all.Count == 0 && _byKey.Count == 0) return ValueTask.CompletedTask;
            foreach (var (key, heads) in staged)
            {
                var hasKey = _byKey.TryGetValue(key, out var keyed);
                if (!hasKey && _all.Count == 0) continue;
                var change = new KvChange(key, Decode(heads));
                if (keyed is not null) foreach (var w in keyed) w.TryWrite(change);
                foreach (var w in _all) w.TryWrite(change);
            }
        }
        return ValueTask.CompletedTask;
    }
}

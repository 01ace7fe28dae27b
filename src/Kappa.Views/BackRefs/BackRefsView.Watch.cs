using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Kappa.Core.Views;

namespace Kappa.Views.BackRefs;

// Live subscriptions per referenced id. A batch's touched refs are re-read right after its atomic
// commit, while a gate is held that subscribers also take to read their starting list: a
// subscriber sees each committed change exactly once, after its snapshot, never an uncommitted
// one, and no event when a batch left the list as it was.
public sealed partial class BackRefsView
{
    private readonly Lock _subscribersGate = new();
    private readonly Dictionary<string, Subscription> _byId = new(StringComparer.Ordinal);

    private bool HasSubscribers
    {
        get { lock (_subscribersGate) return _byId.Count > 0; }
    }

    /// <summary>
    /// The current documents referencing <paramref name="id"/> now, then the new list after every
    /// committed batch that changed it (none when a batch left it as it was). Runs until cancelled.
    /// </summary>
    public async IAsyncEnumerable<BackRefChange> WatchAsync(string id, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var channel = Channel.CreateUnbounded<BackRefChange>(new UnboundedChannelOptions { SingleReader = true });
        BackRefChange first;
        await _hook.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            first = new BackRefChange(id, await ReadReferrersAsync(id, ct).ConfigureAwait(false));
            lock (_subscribersGate)
            {
                if (!_byId.TryGetValue(id, out var subscription)) _byId[id] = subscription = new Subscription();
                subscription.Last = first.Referrers; // every subscriber of the id has seen the committed list
                subscription.Writers.Add(channel.Writer);
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
                if (_byId.TryGetValue(id, out var subscription) && subscription.Writers.Remove(channel.Writer) && subscription.Writers.Count == 0)
                    _byId.Remove(id);
        }
    }

    /// <summary>Called under the commit gate right after a commit: re-reads each touched, watched id.</summary>
    private async ValueTask PublishAsync(CancellationToken ct)
    {
        var touched = _touched;
        _touched = new HashSet<string>(StringComparer.Ordinal);
        if (touched.Count == 0) return;
        List<string> watched;
        lock (_subscribersGate) watched = [.. touched.Where(_byId.ContainsKey)];
        foreach (var id in watched)
        {
            var referrers = await ReadReferrersAsync(id, ct).ConfigureAwait(false);
            lock (_subscribersGate)
            {
                if (!_byId.TryGetValue(id, out var subscription) || subscription.Last.SequenceEqual(referrers, StringComparer.Ordinal)) continue;
                subscription.Last = referrers;
                var change = new BackRefChange(id, referrers);
                foreach (var w in subscription.Writers) w.TryWrite(change);
            }
        }
    }

    private sealed class Subscription
    {
        public List<ChannelWriter<BackRefChange>> Writers { get; } = [];
        public IReadOnlyList<string> Last { get; set; } = [];
    }
}

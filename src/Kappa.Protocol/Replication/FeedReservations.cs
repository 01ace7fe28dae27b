using System.Runtime.CompilerServices;
using Kappa.Hypercore;

namespace Kappa.Protocol.Replication;

/// <summary>
/// Blocks of one feed currently requested from some peer, shared by every session replicating
/// that feed, so two peers are never asked for the same block (hypercore's <c>feed._reserved</c>).
/// </summary>
internal sealed class FeedReservations
{
    private static readonly ConditionalWeakTable<Feed, FeedReservations> ByFeed = new();
    private readonly HashSet<long> _reserved = [];
    private readonly List<Action> _waiters = [];
    private readonly Lock _gate = new();

    public static FeedReservations For(Feed feed) => ByFeed.GetValue(feed, _ => new FeedReservations());

    /// <summary>
    /// Reserves <paramref name="block"/>; false when another request already holds it. Then
    /// <paramref name="wakeOnRelease"/> runs at the next release: if that request fails (its
    /// session was cut), the skipped block must be fetched from here — without the wake-up a
    /// non-live session waited forever (found by the network simulation tests).
    /// </summary>
    public bool TryReserve(long block, Action? wakeOnRelease = null)
    {
        lock (_gate)
        {
            if (_reserved.Add(block)) return true;
            if (wakeOnRelease is not null && !_waiters.Contains(wakeOnRelease)) _waiters.Add(wakeOnRelease);
            return false;
        }
    }

    /// <summary>Ends the reservation of <paramref name="block"/> (stored or not) and wakes the channels that skipped a reserved block.</summary>
    public void Release(long block)
    {
        Action[] wake;
        lock (_gate)
        {
            if (!_reserved.Remove(block) || _waiters.Count == 0) return;
            wake = [.. _waiters];
            _waiters.Clear();
        }
        foreach (var w in wake) w();
    }

    /// <summary>Forgets a closed channel's wake-up.</summary>
    public void StopWaiting(Action wakeOnRelease)
    {
        lock (_gate) _waiters.Remove(wakeOnRelease);
    }
}

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
    private readonly Lock _gate = new();

    public static FeedReservations For(Feed feed) => ByFeed.GetValue(feed, _ => new FeedReservations());

    /// <summary>Reserves <paramref name="block"/>; false when another request already holds it.</summary>
    public bool TryReserve(long block)
    {
        lock (_gate) return _reserved.Add(block);
    }

    public void Release(long block)
    {
        lock (_gate) _reserved.Remove(block);
    }
}

using Kappa.Hypercore.Crypto;
using Kappa.Protocol.Replication;

namespace Kappa.Multifeed.Replication;

/// <summary>What a finished session did.</summary>
/// <param name="Feeds">Keys of the feeds exchanged in the session.</param>
/// <param name="NewFeeds">Keys of feeds learned from the peer and created here.</param>
/// <param name="Progress">Final counts of feeds, blocks and bytes.</param>
public sealed record ReplicationResult(IReadOnlyList<FeedKey> Feeds, IReadOnlyList<FeedKey> NewFeeds, ReplicationProgress Progress)
{
    /// <summary>
    /// At the end both sides held the same blocks of every exchanged feed, as the peer confirmed
    /// (see <see cref="ReplicationSession.IsSynced"/>). A completed non-live session is synced.
    /// </summary>
    public bool Synced { get; init; }
}

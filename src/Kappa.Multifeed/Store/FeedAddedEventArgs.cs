using Kappa.Hypercore;

namespace Kappa.Multifeed.Store;

/// <summary>A feed joined the store: a new local writer or a feed learned from a peer.</summary>
public sealed class FeedAddedEventArgs(Feed feed, string name) : EventArgs
{
    /// <summary>The feed.</summary>
    public Feed Feed { get; } = feed;

    /// <summary>Its multifeed name.</summary>
    public string Name { get; } = name;
}

using System.Collections.ObjectModel;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Multifeed.Store;

/// <summary>
/// A store's feeds at one moment: in multifeed's order (<see cref="FeedOrder"/>) and by key.
/// Never changed; a feed joining makes a new table, so readers on any thread need no lock.
/// </summary>
/// <remarks>
/// Plain arrays and one dictionary keyed by a feed key. The immutable collections this replaced
/// (over value tuples and <see cref="FeedKey"/>) had no precompiled code for those types: they
/// were 124 of the 406 methods <c>kappa sum</c> on a small store JIT-compiled on first call
/// (the runtime's perf map). Adding feeds copies the table, as the feed list was already copied
/// per feed; a store's open adds all its feeds in one copy (<see cref="WithAll"/>).
/// </remarks>
internal sealed class FeedTable
{
    public static FeedTable Empty { get; } = new([], [], []);

    private readonly (string Name, Feed Feed)[] _inOrder;
    private readonly Dictionary<FeedKey, NamedFeed> _byKey;

    private FeedTable((string Name, Feed Feed)[] inOrder, Feed[] feeds, Dictionary<FeedKey, NamedFeed> byKey)
    {
        _inOrder = inOrder;
        _byKey = byKey;
        // Read-only views, not the arrays: the store hands these out, and a caller casting one
        // back to an array must not be able to reorder or replace the store's feeds.
        InOrder = Array.AsReadOnly(inOrder);
        Feeds = Array.AsReadOnly(feeds);
    }

    /// <summary>Every feed with its name, in multifeed's order.</summary>
    public ReadOnlyCollection<(string Name, Feed Feed)> InOrder { get; }

    /// <summary>The feeds of <see cref="InOrder"/>.</summary>
    public ReadOnlyCollection<Feed> Feeds { get; }

    public NamedFeed? ByKey(FeedKey key) => _byKey.GetValueOrDefault(key);

    public Feed? ByName(string name)
    {
        foreach (var (n, f) in _inOrder) if (n == name) return f;
        return null;
    }

    /// <summary>This table plus <paramref name="feed"/> called <paramref name="name"/>, at its place in multifeed's order.</summary>
    public FeedTable With(string name, Feed feed) => WithAll([new NamedFeed(name, feed)]);

    /// <summary>
    /// This table plus <paramref name="added"/>, each placed in turn as <see cref="With"/> would
    /// place it, with one copy of the table for all of them (a store's open adds its feeds
    /// together; one copy per feed would make opening n feeds cost n² dictionary entries).
    /// </summary>
    public FeedTable WithAll(IReadOnlyList<NamedFeed> added)
    {
        var inOrder = new (string Name, Feed Feed)[_inOrder.Length + added.Count];
        _inOrder.CopyTo(inOrder, 0);
        var count = _inOrder.Length;
        var byKey = new Dictionary<FeedKey, NamedFeed>(_byKey);
        foreach (var entry in added)
        {
            var at = FeedOrder.InsertionPoint(inOrder.AsSpan(0, count), entry.Name);
            inOrder.AsSpan(at, count - at).CopyTo(inOrder.AsSpan(at + 1));
            inOrder[at] = (entry.Name, entry.Feed);
            count++;
            byKey[entry.Feed.Key] = entry;
        }
        var feeds = new Feed[inOrder.Length];
        for (var i = 0; i < inOrder.Length; i++) feeds[i] = inOrder[i].Feed;
        return new FeedTable(inOrder, feeds, byKey);
    }

    /// <summary>A feed with its multifeed name.</summary>
    public sealed record NamedFeed(string Name, Feed Feed);
}

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

    private readonly Dictionary<FeedKey, NamedFeed> _byKey;

    private FeedTable((string Name, Feed Feed)[] inOrder, Feed[] feeds, Dictionary<FeedKey, NamedFeed> byKey)
    {
        InOrder = inOrder;
        Feeds = feeds;
        _byKey = byKey;
    }

    /// <summary>Every feed with its name, in multifeed's order.</summary>
    public (string Name, Feed Feed)[] InOrder { get; }

    /// <summary>The feeds of <see cref="InOrder"/>.</summary>
    public Feed[] Feeds { get; }

    public NamedFeed? ByKey(FeedKey key) => _byKey.GetValueOrDefault(key);

    public Feed? ByName(string name)
    {
        foreach (var (n, f) in InOrder) if (n == name) return f;
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
        var inOrder = new (string Name, Feed Feed)[InOrder.Length + added.Count];
        InOrder.CopyTo(inOrder, 0);
        var count = InOrder.Length;
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

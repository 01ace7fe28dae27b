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
/// were about 30 % of the methods every <c>kappa</c> command JIT-compiled on start (measured with
/// the runtime's perf map: 124 of 406 in <c>kappa sum</c>). Adding a feed copies the table, as
/// the feed list was already copied per feed.
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
    public FeedTable With(string name, Feed feed)
    {
        var at = FeedOrder.InsertionPoint(InOrder, name);
        var inOrder = new (string Name, Feed Feed)[InOrder.Length + 1];
        InOrder.AsSpan(0, at).CopyTo(inOrder);
        inOrder[at] = (name, feed);
        InOrder.AsSpan(at).CopyTo(inOrder.AsSpan(at + 1));
        var feeds = new Feed[inOrder.Length];
        for (var i = 0; i < inOrder.Length; i++) feeds[i] = inOrder[i].Feed;
        var byKey = new Dictionary<FeedKey, NamedFeed>(_byKey) { [feed.Key] = new NamedFeed(name, feed) };
        return new FeedTable(inOrder, feeds, byKey);
    }

    /// <summary>A feed with its multifeed name.</summary>
    public sealed record NamedFeed(string Name, Feed Feed);
}

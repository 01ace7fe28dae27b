namespace Kappa.TestSupport;

/// <summary>The parsed output of <c>kappa-js.js dump</c>.</summary>
/// <param name="Feeds">Feeds in core.feeds() order.</param>
/// <param name="Entries">Entries sorted by key, then seq.</param>
/// <param name="Missing">Blocks below a feed's length that the store does not hold, as key and seq.</param>
public sealed record JsDump(IReadOnlyList<JsFeed> Feeds, IReadOnlyList<JsEntry> Entries, IReadOnlyList<JsEntry> Missing)
{
    /// <summary>The entries of one feed, in seq order.</summary>
    public IReadOnlyList<JsEntry> EntriesOf(string key) => [.. Entries.Where(e => e.Key == key)];
}

namespace Kappa.Core.Indexing;

/// <summary>
/// A view's indexing progress: per feed, how many entries are indexed, in the order the indexer
/// first saw the feeds, plus the view version. Immutable; safe to share between threads.
/// Encoding and decoding (multifeed-index 3.4.2 <c>lib/state.js</c>) are in <c>IndexState.Codec.cs</c>.
/// </summary>
public sealed partial class IndexState
{
    /// <summary>Length of a feed public key.</summary>
    public const int FeedKeyLength = 32;

    private readonly IndexStateEntry[] _entries;

    /// <summary>
    /// Creates a state. Entry order is kept (it is the order multifeed-index walks and stores).
    /// <paramref name="version"/> 0 is allowed because the JS code accepts it: it is not written
    /// and therefore reads back as <see cref="IndexStateDefaults.Version"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Two entries have the same feed key.</exception>
    public IndexState(IEnumerable<IndexStateEntry> entries, uint version)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        for (var i = 0; i < _entries.Length; i++)
            if (IndexOf(_entries[i].FeedKey, i) >= 0)
                throw new ArgumentException($"Feed {_entries[i].FeedKeyHex} appears twice.", nameof(entries));
        Version = version;
    }

    private IndexState(IndexStateEntry[] entries, uint version)
    {
        _entries = entries;
        Version = version;
    }

    /// <summary>A state with no feeds.</summary>
    public static IndexState Empty(uint version = IndexStateDefaults.Version) => new([], version);

    /// <summary>Per-feed positions, in stored order.</summary>
    public IReadOnlyList<IndexStateEntry> Entries => _entries;

    /// <summary>The view version stored with the positions (0 = none written).</summary>
    public uint Version { get; }

    /// <summary>The position of <paramref name="feedKey"/>, or null when the feed is not in the state.</summary>
    public uint? GetMax(ReadOnlySpan<byte> feedKey)
    {
        var i = IndexOf(feedKey, _entries.Length);
        return i < 0 ? null : _entries[i].Max;
    }

    /// <summary>
    /// A copy with <paramref name="feedKey"/> at <paramref name="max"/>: updated in place if the feed
    /// is known, else appended (matching the insertion order of multifeed-index's position map).
    /// </summary>
    public IndexState WithMax(ReadOnlySpan<byte> feedKey, uint max)
    {
        var entry = new IndexStateEntry(feedKey, max);
        var i = IndexOf(feedKey, _entries.Length);
        IndexStateEntry[] copy = i < 0 ? [.. _entries, entry] : [.. _entries];
        if (i >= 0) copy[i] = entry;
        return new IndexState(copy, Version);
    }

    /// <summary>A copy with another version.</summary>
    public IndexState WithVersion(uint version) => new(_entries, version);

    /// <inheritdoc />
    public override string ToString() => $"v{Version} [{string.Join(", ", _entries)}]";

    // Linear search: a state holds one entry per feed (tens, rarely thousands), and lookups happen once per batch.
    private int IndexOf(ReadOnlySpan<byte> feedKey, int before)
    {
        for (var i = 0; i < before; i++)
            if (_entries[i].FeedKey.SequenceEqual(feedKey)) return i;
        return -1;
    }
}

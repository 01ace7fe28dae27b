namespace Kappa.Views.List;

/// <summary>
/// Which entries of a list to read: one partition, optionally bounded by values (inclusive) and by
/// positions (exclusive cursors), in list order or reversed, at most <see cref="Limit"/>.
/// Bounds are always in list (ascending) order; <see cref="Reverse"/> only changes the reading
/// direction. Cabal's "newest 50" is <c>new ListQuery { Partition = "default", Reverse = true, Limit = 50 }</c>;
/// the page before it adds <c>Before = oldestShown.Position</c>; newer pages use <c>After</c>.
/// </summary>
public sealed record ListQuery
{
    /// <summary>The partition to read (null: the list without partitions).</summary>
    public string? Partition { get; init; }

    /// <summary>Only entries whose sort value is at least this.</summary>
    public SortValue? From { get; init; }

    /// <summary>Only entries whose sort value is at most this.</summary>
    public SortValue? To { get; init; }

    /// <summary>Only entries strictly after this position (exclusive cursor).</summary>
    public ListPosition? After { get; init; }

    /// <summary>Only entries strictly before this position (exclusive cursor).</summary>
    public ListPosition? Before { get; init; }

    /// <summary>Largest first.</summary>
    public bool Reverse { get; init; }

    /// <summary>At most this many entries (null: all); for a tail, it limits the history only.</summary>
    public int? Limit { get; init; }

    /// <summary>Keeps only entries this returns true for (applied before <see cref="Limit"/>).</summary>
    public Func<ListEntry, bool>? Where { get; init; }

    /// <summary>Whether <paramref name="position"/> lies within the bounds (not the filter, not the limit).</summary>
    public bool Contains(ListPosition position) =>
        (From is not { } from || position.Sort >= from) &&
        (To is not { } to || position.Sort <= to) &&
        (After is not { } after || position > after) &&
        (Before is not { } before || position < before);
}

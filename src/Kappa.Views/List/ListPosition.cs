using Kappa.Hypercore.Crypto;

namespace Kappa.Views.List;

/// <summary>
/// A place in a list's total order: sort value, then feed key (bytes, i.e. lowercase hex order),
/// then seq. Used as an exclusive cursor (<see cref="ListQuery.After"/>, <see cref="ListQuery.Before"/>)
/// and to insert live entries where they belong. Every entry has a distinct position.
/// </summary>
/// <param name="Sort">The entry's sort value.</param>
/// <param name="Feed">The entry's feed.</param>
/// <param name="Seq">The entry's seq in its feed.</param>
public readonly record struct ListPosition(SortValue Sort, FeedKey Feed, long Seq) : IComparable<ListPosition>
{
    /// <summary>The position of entry <paramref name="id"/> with sort value <paramref name="sort"/>.</summary>
    public ListPosition(SortValue sort, EntryId id) : this(sort, id.Feed, id.Seq) { }

    /// <summary>The entry's id, <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c>.</summary>
    public EntryId Id => new(Feed, Seq);

    /// <inheritdoc />
    public int CompareTo(ListPosition other)
    {
        var c = Sort.CompareTo(other.Sort);
        if (c != 0) return c;
        c = Feed.CompareTo(other.Feed);
        return c != 0 ? c : Seq.CompareTo(other.Seq);
    }

    /// <summary>Compares.</summary>
    public static bool operator <(ListPosition left, ListPosition right) => left.CompareTo(right) < 0;

    /// <summary>Compares.</summary>
    public static bool operator >(ListPosition left, ListPosition right) => left.CompareTo(right) > 0;

    /// <summary>Compares.</summary>
    public static bool operator <=(ListPosition left, ListPosition right) => left.CompareTo(right) <= 0;

    /// <summary>Compares.</summary>
    public static bool operator >=(ListPosition left, ListPosition right) => left.CompareTo(right) >= 0;

    /// <summary><c>sort feedhex@seq</c>.</summary>
    public override string ToString() => $"{Sort} {Feed}@{Seq}";
}

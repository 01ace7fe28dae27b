using System.Text;

namespace Kappa.Views.KeyValue;

/// <summary>
/// The order of version ids everywhere in the helper views (heads, back-references, resolver
/// ties): canonical entry ids (<see cref="EntryId"/>) first, by feed then seq as a number; any
/// other id after them, by its UTF-8 bytes. Every peer sorts the same set the same way
/// (unordered-materialized-kv returns arrival order, so JS peers disagree).
/// </summary>
public sealed class KvIdOrder : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static KvIdOrder Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var xe = EntryId.TryParse(x, out var a);
        var ye = EntryId.TryParse(y, out var b);
        if (xe && ye) return a.CompareTo(b);
        if (xe != ye) return xe ? -1 : 1;
        return Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }
}

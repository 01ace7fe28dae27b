using Kappa.Views.List;

namespace Kappa.Views.Query;

/// <summary>
/// A declared index of a <see cref="QueryView"/> (kappa-view-query's <c>{key, value: [paths]}</c>):
/// entries ordered by the scalar values at <see cref="Paths"/>, then feed, then seq. An entry is
/// indexed only when every path holds a scalar (null, a boolean, a number or a string; falsy
/// values included — kappa-view-query dropped 0, "" and false); an entry missing a path is not in
/// this index (kappa-view-query indexed a shorter key, putting seq in the missing field's slot).
/// </summary>
public sealed class QueryIndex
{
    /// <summary>An index called <paramref name="name"/> over <paramref name="paths"/> (dotted JSON paths).</summary>
    /// <exception cref="ArgumentException">No paths, an empty name, or a repeated path.</exception>
    public QueryIndex(string name, params string[] paths)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0) throw new ArgumentException("an index needs at least one path", nameof(paths));
        if (paths.Distinct(StringComparer.Ordinal).Count() != paths.Length) throw new ArgumentException("an index names each path once", nameof(paths));
        Name = name;
        Paths = [.. paths.Select(JsonPath.Parse)];
    }

    /// <summary>The index's name (part of its keys; unique within a view).</summary>
    public string Name { get; }

    /// <summary>The paths whose values form the index key, outermost sort first.</summary>
    public IReadOnlyList<JsonPath> Paths { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", Paths)}]";
}

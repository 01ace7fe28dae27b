namespace Kappa.Views.Query;

/// <summary>What a <see cref="QueryChange"/> of a live query carries.</summary>
public enum QueryChangeKind
{
    /// <summary>A result that existed when the query started.</summary>
    Old,
    /// <summary>The old results are complete (kappa-view-query's <c>{sync: true}</c>).</summary>
    Synced,
    /// <summary>A result indexed after the query started.</summary>
    New,
}

/// <summary>One item of a live query: an old result, the synced marker (no entry), or a new result.</summary>
/// <param name="Kind">What this is.</param>
/// <param name="Entry">The result (null for <see cref="QueryChangeKind.Synced"/>).</param>
public readonly record struct QueryChange(QueryChangeKind Kind, QueryEntry? Entry);
